import { loadConfig, migrateToLatest, openStore, storeLocation } from '@wharf/server';
import { Command } from 'commander';
import { type StoreOptions, withStoreOptions } from './options.ts';

export function migrateCommand(): Command {
  return withStoreOptions(new Command('migrate'))
    .description('bring the database schema up to date / 升级数据库结构')
    .action(async (options: StoreOptions) => {
      const config = loadConfig(options);
      const store = openStore(storeLocation(config));
      try {
        await migrateToLatest(store.db);
        console.log('migrations applied / 迁移完成');
      } finally {
        await store.close();
      }
    });
}
