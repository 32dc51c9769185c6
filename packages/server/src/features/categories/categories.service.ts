import { WharfError } from '../../errors/wharf-error.ts';
import type { SubjectType } from '../identity/identity.tables.ts';
import type { CategoriesStore, CategoryRow } from './categories.store.ts';
import { categorySeedRows } from './category-seed.ts';

export interface CategoryChoice {
  firstId: number;
  secondId: number;
}

export interface ResolvedCategory {
  firstId: number;
  secondId: number;
  firstClass: string;
  secondClass: string;
  needsQualification: boolean;
}

export interface CategoryNode {
  id: number;
  name: string;
  openToIndividual: boolean;
  disabled: boolean;
  children: Array<{ id: number; name: string; needsQualification: boolean; disabled: boolean }>;
}

export function categoriesService(store: CategoriesStore) {
  return {
    /** Seeds the tree on a fresh platform; a tree an admin already edited is left alone. */
    async seedIfEmpty(): Promise<void> {
      if ((await store.count()) === 0) await store.insertMany(categorySeedRows());
    },

    async tree(): Promise<CategoryNode[]> {
      const rows = await store.all();
      const firsts = rows.filter((row) => row.parent_id === null);
      return firsts.map((first) => ({
        id: first.id,
        name: first.name,
        openToIndividual: first.open_to_individual === 1,
        disabled: first.disabled === 1,
        children: rows
          .filter((row) => row.parent_id === first.id)
          .map((row) => ({
            id: row.id,
            name: row.name,
            needsQualification: row.needs_qualification === 1,
            disabled: row.disabled === 1,
          })),
      }));
    },

    /** Names and flags of (first, second) pairs; refuses a pair that is not in the tree. */
    async lookup(
      choices: CategoryChoice[],
    ): Promise<Array<ResolvedCategory & { openToIndividual: boolean; disabled: boolean }>> {
      const rows = new Map(
        (await store.byIds(choices.flatMap((c) => [c.firstId, c.secondId]))).map((r) => [r.id, r]),
      );
      return choices.map(({ firstId, secondId }) => {
        const first = rows.get(firstId);
        const second = rows.get(secondId);
        if (!first || first.parent_id !== null)
          throw new WharfError('category_unknown', { id: firstId }, 'categories');
        if (!second || second.parent_id !== firstId) {
          throw new WharfError('category_unknown', { id: secondId }, 'categories');
        }
        return {
          firstId,
          secondId,
          firstClass: first.name,
          secondClass: second.name,
          needsQualification: second.needs_qualification === 1,
          openToIndividual: first.open_to_individual === 1,
          disabled: first.disabled === 1 || second.disabled === 1,
        };
      });
    },

    /**
     * Checks a mini program's category choice: 1–5 pairs, each a real (first, second) pair,
     * and for an individual's app only first-level categories open to individuals.
     */
    async resolve(
      choices: CategoryChoice[],
      subjectType: SubjectType,
      kept: CategoryChoice[] = [],
    ): Promise<ResolvedCategory[]> {
      const unique = [...new Map(choices.map((c) => [`${c.firstId}/${c.secondId}`, c])).values()];
      if (unique.length < 1 || unique.length > 5) throw new WharfError('category_count', {}, 'categories');
      const found = await this.lookup(unique);
      const isKept = (c: CategoryChoice) =>
        kept.some((k) => k.firstId === c.firstId && k.secondId === c.secondId);
      for (const category of found) {
        // An app already in a category the operator disabled keeps it; nobody chooses it anew.
        if (category.disabled && !isKept(category))
          throw new WharfError(
            'category_disabled',
            { name: `${category.firstClass} › ${category.secondClass}` },
            'categories',
          );
        if (subjectType === 'individual' && !category.openToIndividual) {
          throw new WharfError('category_not_open', { name: category.firstClass }, 'categories');
        }
      }
      return found.map(({ openToIndividual: _, disabled: __, ...category }) => category);
    },

    async add(input: {
      parentId?: number | null;
      name: string;
      openToIndividual?: boolean;
      needsQualification?: boolean;
    }) {
      const parentId = input.parentId ?? null;
      if (parentId !== null) {
        const [parent] = await store.byIds([parentId]);
        if (!parent || parent.parent_id !== null)
          throw new WharfError('category_unknown', { id: parentId }, 'parentId');
      }
      // The next id is MAX+1: two admins adding at once may pick the same one; the primary key
      // decides and the loser takes the next.
      for (let attempt = 0; ; attempt++) {
        const row: CategoryRow = {
          id: await store.nextId(),
          parent_id: parentId,
          name: input.name,
          open_to_individual: parentId === null && input.openToIndividual ? 1 : 0,
          needs_qualification: input.needsQualification ? 1 : 0,
          sort: 1000,
          disabled: 0,
        };
        try {
          await store.insertMany([row]);
          return row;
        } catch (error) {
          if (attempt >= 10 || !(await store.byIds([row.id])).length) throw error;
        }
      }
    },

    async update(
      id: number,
      patch: { name?: string; openToIndividual?: boolean; needsQualification?: boolean; disabled?: boolean },
    ) {
      const changes: Partial<CategoryRow> = {};
      if (patch.name !== undefined) changes.name = patch.name;
      if (patch.openToIndividual !== undefined) changes.open_to_individual = patch.openToIndividual ? 1 : 0;
      if (patch.needsQualification !== undefined)
        changes.needs_qualification = patch.needsQualification ? 1 : 0;
      if (patch.disabled !== undefined) changes.disabled = patch.disabled ? 1 : 0;
      if (Object.keys(changes).length === 0) {
        throw new WharfError('validation_failed', { field: 'body', reason: 'nothing to change' });
      }
      if (!(await store.update(id, changes))) throw new WharfError('not_found', { what: 'category' });
    },

    async remove(id: number): Promise<void> {
      if ((await store.usedBy(id)) > 0 || (await store.hasChildren(id)))
        throw new WharfError('category_in_use', { id });
      await store.delete(id);
    },
  };
}

export type CategoriesService = ReturnType<typeof categoriesService>;
