import type { Db } from '../store/database.ts';

/** The one row that records which key a database was first started with. */
export function serverKeyStore(db: Db) {
  return {
    async recorded(): Promise<string | undefined> {
      const row = await db
        .selectFrom('server_key')
        .select('fingerprint')
        .where('id', '=', 1)
        .executeTakeFirst();
      return row?.fingerprint;
    },
    /** Records the fingerprint unless one is there; two nodes starting at once keep the first. */
    async recordIfAbsent(fingerprint: string, now: number): Promise<string> {
      await db
        .insertInto('server_key')
        .values({ id: 1, fingerprint, created_at: now })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      return (await this.recorded()) as string;
    },
  };
}
