import type { Db } from '../../store/database.ts';

export interface Counted {
  count: number;
  expiresAt: number;
}

export function rateLimitsStore(db: Db) {
  return {
    /**
     * Counts one attempt and returns the window's count, in one statement (upsert … returning), so
     * nodes racing on the same key never lose a count. An expired window restarts at this attempt.
     */
    async hit(key: string, now: number, windowMs: number): Promise<Counted> {
      const row = await db
        .insertInto('rate_limits')
        .values({ key, count: 1, window_start: now, expires_at: now + windowMs })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet((eb) => {
            const expired = eb('rate_limits.expires_at', '<=', now);
            return {
              count: eb
                .case()
                .when(expired)
                .then(1)
                .else(eb('rate_limits.count', '+', 1))
                .end(),
              window_start: eb.case().when(expired).then(now).else(eb.ref('rate_limits.window_start')).end(),
              expires_at: eb
                .case()
                .when(expired)
                .then(now + windowMs)
                .else(eb.ref('rate_limits.expires_at'))
                .end(),
            };
          }),
        )
        .returning(['count', 'expires_at'])
        .executeTakeFirstOrThrow();
      return { count: Number(row.count), expiresAt: Number(row.expires_at) };
    },

    /** Takes back one attempt of the window it was counted in (not a later one). */
    async unhit(key: string, expiresAt: number): Promise<void> {
      await db
        .updateTable('rate_limits')
        .set((eb) => ({ count: eb('count', '-', 1) }))
        .where('key', '=', key)
        .where('expires_at', '=', expiresAt)
        .where('count', '>', 0)
        .execute();
    },

    async prune(now: number): Promise<void> {
      await db.deleteFrom('rate_limits').where('expires_at', '<=', now).execute();
    },
  };
}

export type RateLimitsStore = ReturnType<typeof rateLimitsStore>;
