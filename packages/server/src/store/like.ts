import { type RawBuilder, sql } from 'kysely';

/**
 * The right side of `… like` for "contains `text`", with LIKE's wildcards in `text` taken as
 * characters: `\` escapes them, and the `escape` clause says so (SQLite has no default escape
 * character; both databases honour the clause). Lower-case both sides for a case-insensitive match.
 */
export const containing = (text: string): RawBuilder<string> =>
  sql<string>`${`%${text.replace(/[\\%_]/g, '\\$&')}%`} escape '\\'`;
