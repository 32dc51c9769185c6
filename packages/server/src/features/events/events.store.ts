import type { Selectable } from 'kysely';
import { newId } from '../../security/secrets.ts';
import type { Db } from '../../store/database.ts';
import type { EventTables } from './events.tables.ts';

export type AppEventRow = Selectable<EventTables['app_events']>;

/**
 * Appends an event with the connection (or transaction) the caller holds, so an event is
 * recorded exactly when the change it reports is committed.
 */
export async function appendEvent(
  db: Db,
  event: { appid: string; type: string; payload: Record<string, unknown>; at: number },
): Promise<void> {
  await db
    .insertInto('app_events')
    .values({
      id: newId('evt'),
      appid: event.appid,
      type: event.type,
      payload: JSON.stringify(event.payload),
      created_at: event.at,
      delivered_at: null,
    })
    .execute();
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
