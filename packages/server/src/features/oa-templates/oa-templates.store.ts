import type { Selectable } from 'kysely';
import type { Db } from '../../store/database.ts';
import type { StoreDialect } from '../../store/dialects/dialect.ts';
import { transactional } from '../../store/transactional.ts';
import type { OaTemplateTables } from './oa-templates.tables.ts';

export type LibraryRow = Selectable<OaTemplateTables['oa_template_library']>;
export type IndustryRow = Selectable<OaTemplateTables['oa_industries']>;
export type PrivateTemplateRow = Selectable<OaTemplateTables['oa_private_templates']>;
export type SendRow = Selectable<OaTemplateTables['oa_template_sends']>;

/** The only SQL of template messages. */
export function oaTemplatesStore(db: Db, dialect: StoreDialect) {
  return transactional(db, (db) => queries(db, dialect));
}

function queries(db: Db, dialect: StoreDialect) {
  return {
    /** The connection or transaction these queries run on (for the delivery engine and the outbox). */
    db,

    library(): Promise<LibraryRow[]> {
      return db.selectFrom('oa_template_library').selectAll().orderBy('short_id').execute();
    },
    libraryTemplate(shortId: string): Promise<LibraryRow | undefined> {
      return db
        .selectFrom('oa_template_library')
        .selectAll()
        .where('short_id', '=', shortId)
        .executeTakeFirst();
    },
    /** False when the short id is taken. */
    async insertLibraryTemplate(row: LibraryRow): Promise<boolean> {
      const result = await db
        .insertInto('oa_template_library')
        .values(row)
        .onConflict((oc) => oc.column('short_id').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async updateLibraryTemplate(shortId: string, patch: Partial<LibraryRow>): Promise<boolean> {
      const result = await db
        .updateTable('oa_template_library')
        .set(patch)
        .where('short_id', '=', shortId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    industry(accountId: string): Promise<IndustryRow | undefined> {
      return db
        .selectFrom('oa_industries')
        .selectAll()
        .where('account_id', '=', accountId)
        .executeTakeFirst();
    },
    async setIndustry(row: IndustryRow): Promise<void> {
      await db
        .insertInto('oa_industries')
        .values(row)
        .onConflict((oc) =>
          oc.column('account_id').doUpdateSet({
            primary_id: row.primary_id,
            secondary_id: row.secondary_id,
            updated_at: row.updated_at,
          }),
        )
        .execute();
    },

    privateTemplates(accountId: string): Promise<PrivateTemplateRow[]> {
      return db
        .selectFrom('oa_private_templates')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('created_at')
        .orderBy('template_id')
        .execute();
    },
    privateTemplate(accountId: string, templateId: string): Promise<PrivateTemplateRow | undefined> {
      return db
        .selectFrom('oa_private_templates')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('template_id', '=', templateId)
        .executeTakeFirst();
    },
    async countPrivateTemplates(accountId: string): Promise<number> {
      const row = await db
        .selectFrom('oa_private_templates')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async insertPrivateTemplate(row: PrivateTemplateRow): Promise<void> {
      await db.insertInto('oa_private_templates').values(row).execute();
    },
    async deletePrivateTemplate(accountId: string, templateId: string): Promise<boolean> {
      const result = await db
        .deleteFrom('oa_private_templates')
        .where('account_id', '=', accountId)
        .where('template_id', '=', templateId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** Serialises template work of one account (the 25-template cap) and sends to one follower. */
    async lockAccount(accountId: string): Promise<void> {
      await dialect
        .lockForUpdate(db.selectFrom('official_accounts').select('id').where('id', '=', accountId))
        .execute();
    },
    /** The follower row, locked until the transaction ends: an unfollow waits for the send. */
    lockFollower(accountId: string, openid: string) {
      return dialect
        .lockForUpdate(
          db
            .selectFrom('followers')
            .select(['user_id', 'openid'])
            .where('account_id', '=', accountId)
            .where('openid', '=', openid),
        )
        .executeTakeFirst();
    },
    /** Whether any account has a follower with this openid (openids differ per account). */
    async openidOfAnyAccount(openid: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('followers')
        .select('account_id')
        .where('openid', '=', openid)
        .executeTakeFirst();
      return row?.account_id;
    },

    /** The send with this `client_msg_id` for the user since `since`, if any. */
    recentSend(accountId: string, openid: string, clientMsgId: string, since: number) {
      return db
        .selectFrom('oa_template_sends')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('openid', '=', openid)
        .where('client_msg_id', '=', clientMsgId)
        .where('created_at', '>=', since)
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
    },
    async sendsSince(accountId: string, since: number): Promise<number> {
      const row = await db
        .selectFrom('oa_template_sends')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', accountId)
        .where('created_at', '>=', since)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    /** False when the msgid is taken (the caller draws another). */
    async insertSend(row: SendRow): Promise<boolean> {
      const result = await db
        .insertInto('oa_template_sends')
        .values(row)
        .onConflict((oc) => oc.column('msgid').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    sendByMsgid(accountId: string, msgid: number): Promise<SendRow | undefined> {
      return db
        .selectFrom('oa_template_sends')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('msgid', '=', msgid)
        .executeTakeFirst();
    },
  };
}

export type OaTemplatesStore = ReturnType<typeof oaTemplatesStore>;
export type OaTemplateQueries = ReturnType<typeof queries>;
