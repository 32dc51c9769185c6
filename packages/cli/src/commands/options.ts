import type { Command } from 'commander';

/** The flags every command that opens the store shares. */
export function withStoreOptions(command: Command): Command {
  return command
    .option('--data <dir>', 'data folder (SQLite file, blobs) / 数据目录', process.env.WHARF_DATA)
    .option(
      '--database-url <url>',
      'PostgreSQL URL instead of SQLite / 使用 PostgreSQL',
      process.env.DATABASE_URL,
    );
}

export interface StoreOptions {
  data?: string;
  databaseUrl?: string;
}
