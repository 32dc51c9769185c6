import type { Selectable } from 'kysely';
import type { Db } from '../../store/database.ts';
import type { MpMessageTables, MpTemplateKind, MpWindowKind } from './mp-messages.tables.ts';

export type FormIdRow = Selectable<MpMessageTables['mp_form_ids']>;
export type SubscriptionRow = Selectable<MpMessageTables['mp_subscriptions']>;
export type MpTemplateRow = Selectable<MpMessageTables['mp_templates']>;
export type CsMessageRow = Selectable<MpMessageTables['mp_cs_messages']>;
export type MpMediaRow = Selectable<MpMessageTables['mp_media']>;
export type MpWindowRow = Selectable<MpMessageTables['mp_service_windows']>;
export type LibraryTitleRow = Selectable<MpMessageTables['mp_library_titles']>;

const changed = (result: { numUpdatedRows: bigint }) => result.numUpdatedRows > 0n;

/** The only SQL of a mini program's messages; each query runs on the connection or transaction given. */
export const mpMessagesStore = {
  miniProgram(db: Db, appid: string) {
    return db
      .selectFrom('mini_programs')
      .select(['id', 'appid', 'original_id', 'name'])
      .where('appid', '=', appid)
      .executeTakeFirst();
  },
  miniProgramById(db: Db, id: string) {
    return db
      .selectFrom('mini_programs')
      .select(['id', 'appid', 'original_id', 'name'])
      .where('id', '=', id)
      .executeTakeFirst();
  },

  async insertFormId(db: Db, row: FormIdRow): Promise<void> {
    await db.insertInto('mp_form_ids').values(row).execute();
  },
  async activeFormIds(db: Db, appId: string, userId: string, now: number): Promise<number> {
    const row = await db
      .selectFrom('mp_form_ids')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('app_id', '=', appId)
      .where('user_id', '=', userId)
      .where('expires_at', '>', now)
      .where('uses_left', '>', 0)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
  formId(db: Db, appId: string, formId: string) {
    return db
      .selectFrom('mp_form_ids')
      .selectAll()
      .where('app_id', '=', appId)
      .where('form_id', '=', formId)
      .executeTakeFirst();
  },
  /** Takes one use of an unexpired form_id; false when none is left (used up, or a race lost). */
  async useFormId(db: Db, formId: string, now: number): Promise<boolean> {
    return changed(
      await db
        .updateTable('mp_form_ids')
        .set((eb) => ({ uses_left: eb('uses_left', '-', 1) }))
        .where('form_id', '=', formId)
        .where('uses_left', '>', 0)
        .where('expires_at', '>', now)
        .executeTakeFirst(),
    );
  },

  async insertSubscription(db: Db, row: SubscriptionRow): Promise<void> {
    await db.insertInto('mp_subscriptions').values(row).execute();
  },
  /** Spends the oldest unspent consent of the user for the template; false when there is none. */
  async useSubscription(db: Db, appId: string, openid: string, templateId: string, now: number) {
    const oldest = await db
      .selectFrom('mp_subscriptions')
      .select('id')
      .where('app_id', '=', appId)
      .where('openid', '=', openid)
      .where('template_id', '=', templateId)
      .where('decision', '=', 'accept')
      .where('used_at', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    if (!oldest) return false;
    return changed(
      await db
        .updateTable('mp_subscriptions')
        .set({ used_at: now })
        .where('id', '=', oldest.id)
        .where('used_at', 'is', null)
        .executeTakeFirst(),
    );
  },

  /** The end user behind an openid this mini program was handed (a form, a consent, a conversation). */
  async userByOpenid(db: Db, appId: string, openid: string): Promise<string | undefined> {
    for (const table of ['mp_service_windows', 'mp_subscriptions', 'mp_form_ids'] as const) {
      const row = await db
        .selectFrom(table)
        .select('user_id')
        .where('app_id', '=', appId)
        .where('openid', '=', openid)
        .limit(1)
        .executeTakeFirst();
      if (row) return row.user_id;
    }
    return undefined;
  },

  async insertTemplate(db: Db, row: MpTemplateRow): Promise<void> {
    await db.insertInto('mp_templates').values(row).execute();
  },
  templates(db: Db, appId: string, kind: MpTemplateKind) {
    return db
      .selectFrom('mp_templates')
      .selectAll()
      .where('app_id', '=', appId)
      .where('kind', '=', kind)
      .orderBy('created_at')
      .orderBy('template_id')
      .execute();
  },
  template(db: Db, appId: string, kind: MpTemplateKind, templateId: string) {
    return db
      .selectFrom('mp_templates')
      .selectAll()
      .where('app_id', '=', appId)
      .where('kind', '=', kind)
      .where('template_id', '=', templateId)
      .executeTakeFirst();
  },
  async countTemplates(db: Db, appId: string, kind: MpTemplateKind): Promise<number> {
    const row = await db
      .selectFrom('mp_templates')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('app_id', '=', appId)
      .where('kind', '=', kind)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
  async deleteTemplate(db: Db, appId: string, kind: MpTemplateKind, templateId: string) {
    const result = await db
      .deleteFrom('mp_templates')
      .where('app_id', '=', appId)
      .where('kind', '=', kind)
      .where('template_id', '=', templateId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  },
  async lockApp(db: Db, appId: string): Promise<void> {
    // A no-op update takes the row lock on PostgreSQL; SQLite's one writer serialises anyway.
    await db.updateTable('mini_programs').set({ id: appId }).where('id', '=', appId).execute();
  },

  window(db: Db, appId: string, userId: string) {
    return db
      .selectFrom('mp_service_windows')
      .selectAll()
      .where('app_id', '=', appId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  },
  windowByOpenid(db: Db, appId: string, openid: string) {
    return db
      .selectFrom('mp_service_windows')
      .selectAll()
      .where('app_id', '=', appId)
      .where('openid', '=', openid)
      .executeTakeFirst();
  },
  async setWindow(
    db: Db,
    row: {
      app_id: string;
      user_id: string;
      openid: string;
      kind: MpWindowKind;
      expires_at: number;
      allowed: number;
    },
  ): Promise<void> {
    await db
      .insertInto('mp_service_windows')
      .values({ ...row, used: 0 })
      .onConflict((oc) =>
        oc
          .columns(['app_id', 'user_id'])
          .doUpdateSet({ kind: row.kind, expires_at: row.expires_at, allowed: row.allowed, used: 0 }),
      )
      .execute();
  },
  /** Takes one message of an open window; false when none is left. */
  async useWindow(db: Db, appId: string, userId: string, now: number): Promise<boolean> {
    return changed(
      await db
        .updateTable('mp_service_windows')
        .set((eb) => ({ used: eb('used', '+', 1) }))
        .where('app_id', '=', appId)
        .where('user_id', '=', userId)
        .where('expires_at', '>', now)
        .whereRef('used', '<', 'allowed')
        .executeTakeFirst(),
    );
  },

  async insertCsMessage(db: Db, row: CsMessageRow): Promise<void> {
    await db.insertInto('mp_cs_messages').values(row).execute();
  },
  csMessages(db: Db, appId: string, userId: string, before: number, limit: number) {
    return db
      .selectFrom('mp_cs_messages')
      .selectAll()
      .where('app_id', '=', appId)
      .where('user_id', '=', userId)
      .where('created_at', '<', before)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  },

  async insertMedia(db: Db, row: MpMediaRow): Promise<void> {
    await db.insertInto('mp_media').values(row).execute();
  },
  media(db: Db, id: string, now: number, appId?: string) {
    let query = db.selectFrom('mp_media').selectAll().where('id', '=', id).where('expires_at', '>', now);
    if (appId !== undefined) query = query.where('app_id', '=', appId);
    return query.executeTakeFirst();
  },

  /** A user's service notifications (the delivery engine's rows of those kinds), newest first. */
  notifications(db: Db, userId: string, before: number, limit: number) {
    return db
      .selectFrom('deliveries')
      .innerJoin('messages', 'messages.id', 'deliveries.message_id')
      .select(['messages.id', 'messages.kind', 'messages.body', 'deliveries.created_at'])
      .where('deliveries.user_id', '=', userId)
      .where('messages.kind', 'in', ['mp_template', 'mp_subscribe'])
      .where('deliveries.created_at', '<', before)
      .orderBy('deliveries.created_at', 'desc')
      .orderBy('messages.id', 'desc')
      .limit(limit)
      .execute();
  },

  /** The platform library, by tid; `categoryIds` keeps the titles of those categories only. */
  libraryTitles(db: Db, categoryIds?: number[]) {
    let query = db.selectFrom('mp_library_titles').selectAll().orderBy('tid');
    if (categoryIds) query = query.where('category_id', 'in', categoryIds.length ? categoryIds : [-1]);
    return query.execute();
  },
  libraryTitle(db: Db, tid: number) {
    return db.selectFrom('mp_library_titles').selectAll().where('tid', '=', tid).executeTakeFirst();
  },
  /** False when the tid is taken. */
  async insertLibraryTitle(db: Db, row: LibraryTitleRow): Promise<boolean> {
    const result = await db
      .insertInto('mp_library_titles')
      .values(row)
      .onConflict((oc) => oc.column('tid').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  },
  async updateLibraryTitle(db: Db, row: LibraryTitleRow): Promise<boolean> {
    const { tid, ...patch } = row;
    return changed(
      await db.updateTable('mp_library_titles').set(patch).where('tid', '=', tid).executeTakeFirst(),
    );
  },
  /** A second-level category's name (the library's titles hang off those). */
  async secondLevelCategory(db: Db, id: number) {
    return db
      .selectFrom('categories')
      .select(['id', 'name'])
      .where('id', '=', id)
      .where('parent_id', 'is not', null)
      .executeTakeFirst();
  },
  /** The app's chosen second-level categories, as `getcategory` answers them. */
  appCategories(db: Db, appId: string) {
    return db
      .selectFrom('mini_program_categories')
      .innerJoin('categories', 'categories.id', 'mini_program_categories.second_id')
      .select(['categories.id', 'categories.name'])
      .where('mini_program_categories.app_id', '=', appId)
      .orderBy('categories.id')
      .execute();
  },
};
