import { randomBytes } from 'node:crypto';
import { WharfError } from '../../errors/wharf-error.ts';
import type { Db } from '../../store/database.ts';
import { type LibraryTitleRow, type MpTemplateRow, mpMessagesStore as store } from './mp-messages.store.ts';
import type { MpTemplateKind } from './mp-messages.tables.ts';
import {
  KEYWORD_RULES,
  type KeywordRule,
  type LibraryKeyword,
  type LibraryTitle,
  legacyId,
  ruleViolation,
  tidOfLegacyId,
} from './template-library.ts';

/** What an admin writes for a library title; keyword ids are their positions (1, 2, …). */
export interface LibraryTitleInput {
  title: string;
  type: 2 | 3;
  categoryId: number;
  keywords: Array<{ name: string; rule: KeywordRule; example: string }>;
}

const titleOf = (row: LibraryTitleRow): LibraryTitle => ({
  tid: row.tid,
  title: row.title,
  type: row.type === 3 ? 3 : 2,
  categoryId: row.category_id,
  keywords: JSON.parse(row.keywords) as LibraryKeyword[],
});

/** A template's keyword as stored: its data key (`thing1`, `keyword1`), label and value rule. */
export interface TemplateKeyword {
  key: string;
  name: string;
  rule: KeywordRule;
}

/** WeChat caps an account's templates (subscription: 50; 2017 templates: 25). */
const LIMITS: Record<MpTemplateKind, number> = { subscribe: 50, template: 25 };
const INT32_MAX = 2_147_483_647;
const newTemplateId = () => randomBytes(32).toString('base64url');

const toInteger = (value: unknown): number | undefined => {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) ? n : undefined;
};

export const keywordsOf = (row: MpTemplateRow): TemplateKeyword[] =>
  JSON.parse(row.keywords) as TemplateKeyword[];

/**
 * A mini program's message templates, as the official accounts' design has them: a platform
 * library, and the app's own templates copied from it (`/wxaapi/newtmpl/...` for subscription
 * templates, `/cgi-bin/wxopen/template/...` for the 2017 ones).
 */
export function mpTemplatesService(deps: { db: Db; clock: () => number }) {
  const { db, clock } = deps;

  async function add(
    appId: string,
    kind: MpTemplateKind,
    source: LibraryTitle,
    kids: number[],
    sceneDesc: string,
  ): Promise<string> {
    const keywords = kids.map((kid, index) => {
      const keyword = source.keywords.find((k) => k.kid === kid);
      if (!keyword) throw new WharfError('mp_template_keyword_invalid', { kid: String(kid) });
      return {
        key: kind === 'subscribe' ? `${keyword.rule}${keyword.kid}` : `keyword${index + 1}`,
        name: keyword.name,
        rule: keyword.rule,
        example: keyword.example,
      };
    });
    if (new Set(kids).size !== kids.length)
      throw new WharfError('mp_template_keyword_invalid', { kid: 'repeated' });
    const templateId = newTemplateId();
    await db.transaction().execute(async (tx) => {
      await store.lockApp(tx, appId);
      if ((await store.countTemplates(tx, appId, kind)) >= LIMITS[kind])
        throw new WharfError('mp_template_limit', { limit: LIMITS[kind] });
      await store.insertTemplate(tx, {
        template_id: templateId,
        app_id: appId,
        kind,
        tid: String(source.tid),
        title: source.title,
        content: keywords.map((k) => `${k.name}:{{${k.key}.DATA}}`).join('\n'),
        example: keywords.map((k) => `${k.name}:${k.example}`).join('\n'),
        keywords: JSON.stringify(keywords.map(({ key, name, rule }) => ({ key, name, rule }))),
        type: kind === 'subscribe' ? source.type : 0,
        scene_desc: sceneDesc,
        created_at: clock(),
      });
    });
    return templateId;
  }

  async function libraryTitle(tid: number | undefined): Promise<LibraryTitle | undefined> {
    // An integer column: a larger number names nothing (and must not reach PostgreSQL).
    const row = tid === undefined || tid > INT32_MAX ? undefined : await store.libraryTitle(db, tid);
    return row ? titleOf(row) : undefined;
  }

  async function byLegacyId(id: unknown): Promise<LibraryTitle | undefined> {
    const tid = typeof id === 'string' ? tidOfLegacyId(id) : undefined;
    return tid !== undefined && legacyId(tid) === id ? libraryTitle(tid) : undefined;
  }

  /** The admin's edit, checked as the developer's sends will be: each example must fit its rule. */
  async function libraryRow(tid: number, input: LibraryTitleInput): Promise<LibraryTitleRow> {
    const title = input.title.trim();
    if (!title || [...title].length > 32)
      throw new WharfError('validation_failed', { field: 'title', reason: '1 to 32 characters' }, 'title');
    if (!(await store.secondLevelCategory(db, input.categoryId)))
      throw new WharfError('mp_library_category_invalid', { categoryId: input.categoryId }, 'categoryId');
    const names = new Set<string>();
    const keywords = input.keywords.map((keyword, index) => {
      const name = keyword.name.trim();
      if (!name || names.has(name))
        throw new WharfError(
          'validation_failed',
          { field: 'keywords', reason: `keyword ${index + 1}: a new name` },
          'keywords',
        );
      names.add(name);
      if (!KEYWORD_RULES.includes(keyword.rule))
        throw new WharfError(
          'validation_failed',
          { field: 'keywords', reason: `keyword ${index + 1}: rule` },
          'keywords',
        );
      const broken = ruleViolation(keyword.rule, keyword.example);
      if (broken)
        throw new WharfError(
          'validation_failed',
          { field: 'keywords', reason: `keyword ${index + 1} example: ${broken}` },
          'keywords',
        );
      return { kid: index + 1, name, rule: keyword.rule, example: keyword.example };
    });
    return {
      tid,
      title,
      type: input.type,
      category_id: input.categoryId,
      keywords: JSON.stringify(keywords),
      updated_at: clock(),
    };
  }

  function kidList(value: unknown, min: number, max: number): number[] {
    const list = Array.isArray(value) ? value.map(toInteger) : [];
    if (list.length < min || list.length > max || list.some((kid) => kid === undefined))
      throw new WharfError('mp_template_keyword_invalid', { kid: `${min} to ${max} keyword ids` });
    return list as number[];
  }

  return {
    /** `getcategory`: the app's categories, whose ids `getpubtemplatetitles?ids=` takes. */
    async categories(appId: string) {
      return { data: (await store.appCategories(db, appId)).map((c) => ({ id: c.id, name: c.name })) };
    },

    /**
     * `getpubtemplatetitles`: the library's titles, `start` / `limit` (at most 30), of the
     * categories `ids` names (comma-separated) when given.
     */
    async titles(start: number, limit: number, ids?: unknown) {
      if (
        !Number.isSafeInteger(start) ||
        start < 0 ||
        !Number.isSafeInteger(limit) ||
        limit < 1 ||
        limit > 30
      )
        throw new WharfError('validation_failed', {
          field: 'start/limit',
          reason: 'start ≥ 0, limit 1 to 30',
        });
      let categoryIds: number[] | undefined;
      if (ids !== undefined && ids !== '') {
        const list = typeof ids === 'string' ? ids.split(',').map((id) => toInteger(id.trim())) : [];
        if (list.length === 0 || list.length > 100 || list.some((id) => id === undefined || id > INT32_MAX))
          throw new WharfError('validation_failed', {
            field: 'ids',
            reason: 'category ids, comma-separated',
          });
        categoryIds = list as number[];
      }
      const library = await store.libraryTitles(db, categoryIds);
      return {
        count: library.length,
        data: library.slice(start, start + limit).map((t) => ({
          tid: t.tid,
          title: t.title,
          type: t.type,
          categoryId: String(t.category_id),
        })),
      };
    },

    /** `getpubtemplatekeywords?tid=`. */
    async keywords(tid: unknown) {
      const title = await libraryTitle(toInteger(tid));
      if (!title) throw new WharfError('mp_template_title_invalid');
      return {
        count: title.keywords.length,
        data: title.keywords.map(({ kid, name, example, rule }) => ({ kid, name, example, rule })),
      };
    },

    /** `newtmpl/addtemplate {tid, kidList, sceneDesc}`: 2 to 5 keywords in the developer's order. */
    async addSubscribe(appId: string, body: Record<string, unknown>): Promise<{ priTmplId: string }> {
      const title = await libraryTitle(toInteger(body.tid));
      if (!title) throw new WharfError('mp_template_title_invalid');
      const sceneDesc = typeof body.sceneDesc === 'string' ? body.sceneDesc : '';
      if ([...sceneDesc].length > 15) throw new WharfError('mp_template_scene_desc_invalid');
      return { priTmplId: await add(appId, 'subscribe', title, kidList(body.kidList, 2, 5), sceneDesc) };
    },

    /** `newtmpl/gettemplate`. */
    async listSubscribe(appId: string) {
      return {
        data: (await store.templates(db, appId, 'subscribe')).map((row) => ({
          priTmplId: row.template_id,
          title: row.title,
          content: row.content,
          example: row.example,
          type: row.type,
        })),
      };
    },

    /** `wxopen/template/library/list {offset, count}` (count at most 20). */
    async legacyLibrary(offset: unknown, count: unknown) {
      const from = toInteger(offset);
      const size = toInteger(count);
      if (from === undefined || size === undefined || size < 1 || size > 20)
        throw new WharfError('validation_failed', {
          field: 'offset/count',
          reason: 'offset ≥ 0, count 1 to 20',
        });
      const library = await store.libraryTitles(db);
      return {
        list: library.slice(from, from + size).map((t) => ({ id: legacyId(t.tid), title: t.title })),
        total_count: library.length,
      };
    },

    /** `wxopen/template/library/get {id}`. */
    async legacyTitle(id: unknown) {
      const title = await byLegacyId(id);
      if (!title) throw new WharfError('mp_template_title_invalid');
      return {
        id: legacyId(title.tid),
        title: title.title,
        keyword_list: title.keywords.map((k) => ({ keyword_id: k.kid, name: k.name, example: k.example })),
      };
    },

    /** `wxopen/template/add {id, keyword_id_list}` (1 to 10 keywords). */
    async addLegacy(appId: string, body: Record<string, unknown>): Promise<{ template_id: string }> {
      const title = await byLegacyId(body.id);
      if (!title) throw new WharfError('mp_template_title_invalid');
      return { template_id: await add(appId, 'template', title, kidList(body.keyword_id_list, 1, 10), '') };
    },

    /** `wxopen/template/list {offset, count}`. */
    async listLegacy(appId: string, offset: unknown, count: unknown) {
      const from = toInteger(offset) ?? 0;
      const size = toInteger(count) ?? 20;
      const rows = await store.templates(db, appId, 'template');
      return {
        list: rows.slice(from, from + Math.min(size, 20)).map((row) => ({
          template_id: row.template_id,
          title: row.title,
          content: row.content,
          example: row.example,
        })),
      };
    },

    /** The whole library, for the console (admins edit it). */
    async library(): Promise<LibraryTitle[]> {
      return (await store.libraryTitles(db)).map(titleOf);
    },

    /** An admin adds a title; apps' templates are copies, so later edits never change them. */
    async addLibraryTitle(tid: number, input: LibraryTitleInput): Promise<LibraryTitle> {
      const row = await libraryRow(tid, input);
      if (!(await store.insertLibraryTitle(db, row)))
        throw new WharfError('mp_library_title_exists', { tid }, 'tid');
      return titleOf(row);
    },

    async updateLibraryTitle(tid: number, input: LibraryTitleInput): Promise<LibraryTitle> {
      const row = await libraryRow(tid, input);
      if (!(await store.updateLibraryTitle(db, row)))
        throw new WharfError('not_found', { what: 'library title' });
      return titleOf(row);
    },

    /** `newtmpl/deltemplate {priTmplId}` and `wxopen/template/del {template_id}`: 40037 for an id not the app's. */
    async remove(appId: string, kind: MpTemplateKind, templateId: unknown): Promise<void> {
      if (typeof templateId !== 'string' || !(await store.deleteTemplate(db, appId, kind, templateId)))
        throw new WharfError('oa_template_invalid');
    },

    /** The app's template of that kind; 40037 otherwise. */
    async get(appId: string, kind: MpTemplateKind, templateId: unknown): Promise<MpTemplateRow> {
      const row =
        typeof templateId === 'string' && templateId !== ''
          ? await store.template(db, appId, kind, templateId)
          : undefined;
      if (!row) throw new WharfError('oa_template_invalid');
      return row;
    },
  };
}

export type MpTemplatesService = ReturnType<typeof mpTemplatesService>;
