import { type Selectable, sql } from 'kysely';
import type { Db } from '../../store/database.ts';
import type { StoreDialect } from '../../store/dialects/dialect.ts';
import { precompile } from '../../store/precompiled.ts';
import { transactional } from '../../store/transactional.ts';
import type { SubjectType } from '../identity/identity.tables.ts';
import type { TokenKind, TokenTables } from './tokens.tables.ts';

export type TokenRow = Selectable<TokenTables['access_tokens']>;

/** Rows per batched counter upsert; one SQL text per size, so few sizes. */
const COUNT_BATCH = 100;

export interface CallCount {
  appid: string;
  api: string;
  day: string;
  count: number;
}

export function tokensStore(db: Db, dialect: StoreDialect) {
  // The token check runs on every WeChat call: built and compiled once, run on a cached statement.
  // Mini programs and official accounts share the token machinery; an appid is in one table.
  const lookup = precompile<{ hash: string }, TokenLookup>(['hash'], (param) =>
    db
      .selectFrom('access_tokens')
      .leftJoin('mini_programs', 'mini_programs.appid', 'access_tokens.appid')
      .leftJoin('official_accounts', 'official_accounts.appid', 'access_tokens.appid')
      .innerJoin('subjects', (join) =>
        join.on((eb) =>
          eb('subjects.id', '=', eb.fn.coalesce('mini_programs.subject_id', 'official_accounts.subject_id')),
        ),
      )
      .select((eb) => [
        'access_tokens.appid',
        'access_tokens.expires_at',
        'access_tokens.replaced_at',
        eb.fn.coalesce('mini_programs.id', 'official_accounts.id').as('app_id'),
        eb.fn.coalesce('mini_programs.ip_allowlist', 'official_accounts.ip_allowlist').as('ip_allowlist'),
        eb
          .case()
          .when('mini_programs.id', 'is', null)
          .then(sql.lit('official_account'))
          .else(sql.lit('miniprogram'))
          .end()
          .as('kind'),
        'subjects.type as subject_type',
      ])
      .where('access_tokens.token_hash', '=', param('hash')),
  );
  return transactional(db, (db) => queries(db, dialect, lookup));
}

/** Which kind of app a token belongs to: WeChat's mini program and official-account APIs differ. */
export type AppKind = 'miniprogram' | 'official_account';

export interface TokenLookup {
  appid: string;
  kind: AppKind;
  expires_at: number;
  replaced_at: number | null;
  app_id: string;
  ip_allowlist: string;
  subject_type: SubjectType;
}

function queries(
  db: Db,
  dialect: StoreDialect,
  lookup: (db: Db, values: { hash: string }) => Promise<TokenLookup[]>,
) {
  return {
    /** Serialises token issuing for one app (PostgreSQL row lock; SQLite is serial already). */
    async lockApp(appid: string): Promise<void> {
      await dialect
        .lockForUpdate(db.selectFrom('mini_programs').select('id').where('appid', '=', appid))
        .execute();
      await dialect
        .lockForUpdate(db.selectFrom('official_accounts').select('id').where('appid', '=', appid))
        .execute();
    },

    /** One primary-key lookup, joined to what every guarded call needs to know about the app. */
    async lookup(tokenHash: string): Promise<TokenLookup | undefined> {
      return (await lookup(db, { hash: tokenHash }))[0];
    },

    /** The newest unreplaced token of a kind, if still unexpired. */
    current(appid: string, kind: TokenKind, now: number): Promise<TokenRow | undefined> {
      return db
        .selectFrom('access_tokens')
        .selectAll()
        .where('appid', '=', appid)
        .where('kind', '=', kind)
        .where('replaced_at', 'is', null)
        .where('expires_at', '>', now)
        .orderBy('issued_at', 'desc')
        .executeTakeFirst();
    },

    async insert(row: TokenRow): Promise<void> {
      await db.insertInto('access_tokens').values(row).execute();
    },

    async markReplaced(appid: string, kind: TokenKind, now: number): Promise<void> {
      await db
        .updateTable('access_tokens')
        .set({ replaced_at: now })
        .where('appid', '=', appid)
        .where('kind', '=', kind)
        .where('replaced_at', 'is', null)
        .execute();
    },

    async deleteKind(appid: string, kind: TokenKind): Promise<void> {
      await db.deleteFrom('access_tokens').where('appid', '=', appid).where('kind', '=', kind).execute();
    },

    async deleteAll(appid: string): Promise<void> {
      await db.deleteFrom('access_tokens').where('appid', '=', appid).execute();
    },

    /** When the last token minted without a tag expires (0: none is left). */
    async untaggedUntil(): Promise<number> {
      const row = await db
        .selectFrom('access_tokens')
        .select((eb) => eb.fn.max('expires_at').as('until'))
        .where('tagged', '=', 0)
        .executeTakeFirst();
      return Number(row?.until ?? 0);
    },

    /** Tokens past their expiry are useless; pruning keeps the table the size of the live set. */
    async prune(before: number): Promise<void> {
      await db.deleteFrom('access_tokens').where('expires_at', '<', before).execute();
    },

    /** Adds one call and returns the day's count, in one statement (upsert … returning). */
    async countCall(appid: string, api: string, day: string): Promise<number> {
      const row = await db
        .insertInto('api_calls')
        .values({ appid, api, day, count: 1 })
        .onConflict((oc) =>
          oc.columns(['appid', 'api', 'day']).doUpdateSet((eb) => ({ count: eb('api_calls.count', '+', 1) })),
        )
        .returning('count')
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    /**
     * Adds counted calls in batches (keys distinct within a batch: PostgreSQL refuses to update
     * one row twice in one statement) and returns each key's total after the addition.
     */
    async addCalls(counts: CallCount[]): Promise<CallCount[]> {
      const totals: CallCount[] = [];
      for (let i = 0; i < counts.length; i += COUNT_BATCH) {
        const rows = await db
          .insertInto('api_calls')
          .values(counts.slice(i, i + COUNT_BATCH))
          .onConflict((oc) =>
            oc
              .columns(['appid', 'api', 'day'])
              .doUpdateSet((eb) => ({ count: eb('api_calls.count', '+', eb.ref('excluded.count')) })),
          )
          .returning(['appid', 'api', 'day', 'count'])
          .execute();
        totals.push(...rows.map((row) => ({ ...row, count: Number(row.count) })));
      }
      return totals;
    },

    /** Forgets an app's counted calls of the day (a quota reset). */
    async clearCalls(appid: string, day: string): Promise<void> {
      await db.deleteFrom('api_calls').where('appid', '=', appid).where('day', '=', day).execute();
    },

    async callsToday(appid: string, api: string, day: string): Promise<number> {
      const row = await db
        .selectFrom('api_calls')
        .select('count')
        .where('appid', '=', appid)
        .where('api', '=', api)
        .where('day', '=', day)
        .executeTakeFirst();
      return Number(row?.count ?? 0);
    },

    async appForCredentials(
      appid: string,
    ): Promise<{ appid: string; secret_hash: string | null; ip_allowlist: string } | undefined> {
      const columns = ['appid', 'secret_hash', 'ip_allowlist'] as const;
      return (
        (await db
          .selectFrom('mini_programs')
          .select(columns)
          .where('appid', '=', appid)
          .executeTakeFirst()) ??
        (await db
          .selectFrom('official_accounts')
          .select(columns)
          .where('appid', '=', appid)
          .executeTakeFirst())
      );
    },
  };
}

export type TokensStore = ReturnType<typeof tokensStore>;
export type TokenQueries = ReturnType<typeof queries>;
