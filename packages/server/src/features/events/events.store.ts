import type { Selectable } from 'kysely';
import { sortableId } from '../../security/secrets.ts';
import type { Db } from '../../store/database.ts';
import type { EventTables } from './events.tables.ts';

export type AppEventRow = Selectable<EventTables['app_events']>;

/**
 * Appends an event with the connection (or transaction) the caller holds, so an event is
 * recorded exactly when the change it reports is committed. Ids sort in the order a node
 * appended them, so events of one millisecond keep their order in the outbox.
 */
export async function appendEvent(
  db: Db,
  event: {
    appid: string;
    type: string;
    payload: Record<string, unknown>;
    at: number;
    /** The user the event is about (`openid` on the push URL). */
    openid?: string | null;
  },
): Promise<{ id: string }> {
  const id = sortableId('evt');
  await db
    .insertInto('app_events')
    .values({
      id,
      appid: event.appid,
      type: event.type,
      payload: JSON.stringify(event.payload),
      created_at: event.at,
      delivered_at: null,
      state: 'pending',
      attempts: 0,
      next_attempt_at: event.at,
      claimed_by: null,
      claimed_until: null,
      openid: event.openid ?? null,
    })
    .execute();
  return { id };
}

export function eventsStore(db: Db) {
  return {
    /** An app's events, oldest first. */
    forApp(appid: string, limit = 100): Promise<AppEventRow[]> {
      return db
        .selectFrom('app_events')
        .selectAll()
        .where('appid', '=', appid)
        .orderBy('created_at')
        .orderBy('id')
        .limit(limit)
        .execute();
    },
    /** Undelivered events, oldest first, for the push engine. */
    pending(limit = 100): Promise<AppEventRow[]> {
      return db
        .selectFrom('app_events')
        .selectAll()
        .where('delivered_at', 'is', null)
        .orderBy('created_at')
        .limit(limit)
        .execute();
    },
    async markDelivered(id: string, at: number): Promise<void> {
      await db.updateTable('app_events').set({ delivered_at: at }).where('id', '=', id).execute();
    },
  };
}

export type EventsStore = ReturnType<typeof eventsStore>;
