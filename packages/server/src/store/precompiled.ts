import type { Compilable, CompiledQuery } from 'kysely';
import type { Db } from './database.ts';

/** Leads the SQL of precompiled queries; the PostgreSQL dialect runs such texts as named statements. */
export const HOT_QUERY_MARK = '/* hot */ ';

const SENTINEL = '\u0000wharf-param:';

/**
 * A query built and compiled once, then run with new values: building and compiling a Kysely
 * query costs as much as executing it on a cached statement. `build` receives a stand-in for
 * each named parameter; they are found again among the compiled parameters by value, so their
 * positions need no counting by hand (Kysely turns literals into parameters too). Build it with
 * the database of the dialect it runs on (placeholders differ); run it on that database or a
 * transaction of it.
 */
export function precompile<P extends Record<string, unknown>, R>(
  names: ReadonlyArray<keyof P & string>,
  build: (param: <K extends keyof P & string>(name: K) => P[K]) => Compilable<R>,
): (db: Db, values: P) => Promise<R[]> {
  const compiled = build((name) => `${SENTINEL}${name}` as never).compile();
  const slots = compiled.parameters.map((value) =>
    typeof value === 'string' && value.startsWith(SENTINEL) ? value.slice(SENTINEL.length) : undefined,
  );
  for (const name of names) {
    if (!slots.includes(name)) throw new Error(`precompile: parameter ${name} is not used`);
  }
  const sql = HOT_QUERY_MARK + compiled.sql;
  return async (db, values) => {
    const parameters = compiled.parameters.map((fixed, i) => {
      const slot = slots[i];
      return slot === undefined ? fixed : values[slot];
    });
    return (await db.executeQuery({ ...compiled, sql, parameters } as CompiledQuery<R>)).rows;
  };
}
