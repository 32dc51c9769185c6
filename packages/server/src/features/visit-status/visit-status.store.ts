import type { Db } from '../../store/database.ts';

/** The only SQL of service status: the admin's closure, and (read only) the operator's ban. */
export function visitStatusStore(db: Db) {
  return {
    async state(appId: string): Promise<{ closed: boolean; banned: boolean }> {
      const [closure, ban] = await Promise.all([
        db.selectFrom('mp_visit_closures').select('app_id').where('app_id', '=', appId).executeTakeFirst(),
        db.selectFrom('app_bans').select('app_id').where('app_id', '=', appId).executeTakeFirst(),
      ]);
      return { closed: closure !== undefined, banned: ban !== undefined };
    },
    async close(row: { app_id: string; closed_by: string; closed_at: number }): Promise<void> {
      // Closing a closed app keeps the first closure (who and when it started).
      await db
        .insertInto('mp_visit_closures')
        .values(row)
        .onConflict((oc) => oc.column('app_id').doNothing())
        .execute();
    },
    async open(appId: string): Promise<void> {
      await db.deleteFrom('mp_visit_closures').where('app_id', '=', appId).execute();
    },
  };
}

export type VisitStatusStore = ReturnType<typeof visitStatusStore>;
