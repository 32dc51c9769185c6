import type { Insertable, Selectable } from 'kysely';
import type { AppEventRow } from '../../features/events/events.store.ts';
import type { Db } from '../../store/database.ts';
import type { StoreDialect } from '../../store/dialects/dialect.ts';
import { transactional } from '../../store/transactional.ts';
import type { PushTables } from './push.tables.ts';

export type PushConfigRow = Selectable<PushTables['push_configs']>;
export type PushLogRow = Selectable<PushTables['push_log']>;
export type { AppEventRow };

/** How an attempt leaves its event: delivered (or bad reply), tried again later, or given up. */
export type EventSettlement =
  | { state: 'delivered'; at: number }
  | { state: 'pending'; nextAttemptAt: number }
  | { state: 'failed' };

/** The only SQL of the push engine. */
export function pushStore(db: Db, dialect: StoreDialect) {
  return transactional(db, (db) => queries(db, dialect));
}

function queries(db: Db, dialect: StoreDialect) {
  return {
    /** The administrator of an appid: a mini program's owner, or an official account's. */
    async ownerOf(appid: string): Promise<string | undefined> {
      const app = await db
        .selectFrom('mini_programs')
        .select('owner_user_id')
        .where('appid', '=', appid)
        .executeTakeFirst();
      if (app) return app.owner_user_id;
      const account = await db
        .selectFrom('official_accounts')
        .select('owner_user_id')
        .where('appid', '=', appid)
        .executeTakeFirst();
      return account?.owner_user_id;
    },

    config(appid: string): Promise<PushConfigRow | undefined> {
      return db.selectFrom('push_configs').selectAll().where('appid', '=', appid).executeTakeFirst();
    },

    async saveConfig(row: Insertable<PushTables['push_configs']>): Promise<void> {
      const { appid: _appid, created_at: _created, ...changes } = row;
      await db
        .insertInto('push_configs')
        .values(row)
        .onConflict((oc) => oc.column('appid').doUpdateSet(changes))
        .execute();
    },

    async deleteConfig(appid: string): Promise<boolean> {
      const result = await db.deleteFrom('push_configs').where('appid', '=', appid).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /**
     * Pending events of apps without a server are skipped (WeChat keeps nothing for a server
     * that does not exist), so an account without one cannot fill the outbox's pending set.
     */
    async skipUnconfigured(): Promise<void> {
      await db
        .updateTable('app_events')
        .set({ state: 'skipped' })
        .where('state', '=', 'pending')
        .where('claimed_by', 'is', null)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('push_configs')
                .select('push_configs.appid')
                .whereRef('push_configs.appid', '=', 'app_events.appid'),
            ),
          ),
        )
        .execute();
    },

    /** Events recorded while the app had no server are not delivered later (WeChat keeps none). */
    async skipPending(appid: string): Promise<void> {
      await db
        .updateTable('app_events')
        .set({ state: 'skipped' })
        .where('appid', '=', appid)
        .where('state', '=', 'pending')
        .where('claimed_by', 'is', null)
        .execute();
    },

    /**
     * Claims, for `node` until `leaseUntil`, the first pending event of each app with a server
     * whose turn has come: an app's later events wait until its earlier one is settled, so
     * every app's events arrive in order, whichever nodes deliver them.
     */
    claim(node: string, now: number, leaseUntil: number, limit: number): Promise<AppEventRow[]> {
      return dialect.writeTransaction(db, (tx) => claimHeads(tx, dialect, node, now, leaseUntil, limit));
    },

    /** A lease on one event for a replay; false when a node holds it now. */
    async leaseOne(id: string, node: string, now: number, leaseUntil: number): Promise<boolean> {
      const result = await db
        .updateTable('app_events')
        .set({ claimed_by: node, claimed_until: leaseUntil })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    event(id: string): Promise<AppEventRow | undefined> {
      return db.selectFrom('app_events').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** Settles an attempt of the lease holder; a lease lost meanwhile changes nothing. */
    async settle(
      id: string,
      node: string,
      settlement: EventSettlement,
      countAttempt: boolean,
    ): Promise<void> {
      await db
        .updateTable('app_events')
        .set((eb) => ({
          claimed_by: null,
          claimed_until: null,
          ...(countAttempt ? { attempts: eb('attempts', '+', 1) } : {}),
          ...(settlement.state === 'delivered'
            ? { state: 'delivered' as const, delivered_at: settlement.at }
            : settlement.state === 'pending'
              ? { next_attempt_at: settlement.nextAttemptAt }
              : { state: 'failed' as const }),
        }))
        .where('id', '=', id)
        .where('claimed_by', '=', node)
        .execute();
    },

    /** Gives a lease back unchanged (a replay that did not get through leaves the event as it was). */
    async release(id: string, node: string): Promise<void> {
      await db
        .updateTable('app_events')
        .set({ claimed_by: null, claimed_until: null })
        .where('id', '=', id)
        .where('claimed_by', '=', node)
        .execute();
    },

    /** Drops log entries older than `before` (an idempotent DELETE: any node may run it). */
    async pruneLog(before: number): Promise<void> {
      await db.deleteFrom('push_log').where('at', '<', before).execute();
    },

    async addLog(row: PushLogRow): Promise<void> {
      await db.insertInto('push_log').values(row).execute();
    },

    /** Newest first; `before` is the id of the last entry of the previous page. */
    log(appid: string, limit: number, before?: { at: number; id: string }): Promise<PushLogRow[]> {
      let query = db.selectFrom('push_log').selectAll().where('appid', '=', appid);
      if (before) {
        query = query.where((eb) =>
          eb.or([eb('at', '<', before.at), eb.and([eb('at', '=', before.at), eb('id', '<', before.id)])]),
        );
      }
      return query.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    },

    logEntry(appid: string, id: string): Promise<PushLogRow | undefined> {
      return db
        .selectFrom('push_log')
        .selectAll()
        .where('appid', '=', appid)
        .where('id', '=', id)
        .executeTakeFirst();
    },

    /** The highest attempt number an event has in the log (replays number on from it). */
    async lastAttempt(eventId: string): Promise<number> {
      const row = await db
        .selectFrom('push_log')
        .select((eb) => eb.fn.max('attempt').as('last'))
        .where('event_id', '=', eventId)
        .executeTakeFirst();
      return Number(row?.last ?? 0);
    },
  };
}

export type PushStore = ReturnType<typeof pushStore>;

async function claimHeads(
  db: Db,
  dialect: StoreDialect,
  node: string,
  now: number,
  leaseUntil: number,
  limit: number,
): Promise<AppEventRow[]> {
  const heads = await dialect
    .lockSkippingLocked(
      db
        .selectFrom('app_events as e')
        .select('e.id')
        .where('e.state', '=', 'pending')
        .where('e.next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('e.claimed_until', 'is', null), eb('e.claimed_until', '<', now)]))
        .where((eb) =>
          eb.exists(eb.selectFrom('push_configs as c').select('c.appid').whereRef('c.appid', '=', 'e.appid')),
        )
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('app_events as p')
                .select('p.id')
                .whereRef('p.appid', '=', 'e.appid')
                .where('p.state', '=', 'pending')
                .where((inner) =>
                  inner.or([
                    inner('p.created_at', '<', inner.ref('e.created_at')),
                    inner.and([
                      inner('p.created_at', '=', inner.ref('e.created_at')),
                      inner('p.id', '<', inner.ref('e.id')),
                    ]),
                  ]),
                ),
            ),
          ),
        )
        .orderBy('e.created_at')
        .orderBy('e.id')
        .limit(limit),
    )
    .execute();
  if (heads.length === 0) return [];
  const ids = heads.map((h) => h.id);
  await db
    .updateTable('app_events')
    .set({ claimed_by: node, claimed_until: leaseUntil })
    .where('id', 'in', ids)
    .execute();
  return db
    .selectFrom('app_events')
    .selectAll()
    .where('id', 'in', ids)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
