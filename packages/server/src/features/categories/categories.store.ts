import type { Selectable } from 'kysely';
import type { Db } from '../../store/database.ts';
import type { CategoryTables } from './categories.tables.ts';

export type CategoryRow = Selectable<CategoryTables['categories']>;

export function categoriesStore(db: Db) {
  return {
    all(): Promise<CategoryRow[]> {
      return db
        .selectFrom('categories')
        .selectAll()
        .orderBy('parent_id')
        .orderBy('sort')
        .orderBy('id')
        .execute();
    },
    async count(): Promise<number> {
      const row = await db
        .selectFrom('categories')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    byIds(ids: number[]): Promise<CategoryRow[]> {
      // Ids are 32-bit integer columns: PostgreSQL rejects a larger number outright, so it is simply not found.
      const valid = ids.filter((id) => Number.isInteger(id) && id >= 1 && id <= 2_147_483_647);
      if (valid.length === 0) return Promise.resolve([]);
      return db.selectFrom('categories').selectAll().where('id', 'in', valid).execute();
    },
    async insertMany(rows: CategoryRow[]): Promise<void> {
      if (rows.length > 0) await db.insertInto('categories').values(rows).execute();
    },
    async update(id: number, patch: Partial<Omit<CategoryRow, 'id'>>): Promise<boolean> {
      const result = await db.updateTable('categories').set(patch).where('id', '=', id).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async nextId(): Promise<number> {
      const row = await db
        .selectFrom('categories')
        .select((eb) => eb.fn.max('id').as('max'))
        .executeTakeFirst();
      return Number(row?.max ?? 0) + 1;
    },
    async usedBy(id: number): Promise<number> {
      const row = await db
        .selectFrom('mini_program_categories')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where((eb) => eb.or([eb('first_id', '=', id), eb('second_id', '=', id)]))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async hasChildren(id: number): Promise<boolean> {
      return !!(await db
        .selectFrom('categories')
        .select('id')
        .where('parent_id', '=', id)
        .executeTakeFirst());
    },
    async delete(id: number): Promise<void> {
      await db.deleteFrom('categories').where('id', '=', id).execute();
    },
  };
}

export type CategoriesStore = ReturnType<typeof categoriesStore>;
