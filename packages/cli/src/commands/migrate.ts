import {
  loadConfig,
  migrateBlobs,
  migrateToLatest,
  openBlobStore,
  openStore,
  storeLocation,
} from '@wharf/server';
import { Command } from 'commander';
import { type StoreOptions, withStoreOptions } from './options.ts';

export function migrateCommand(): Command {
  return withStoreOptions(new Command('migrate'))
    .description(
      'bring the database schema up to date, and copy data-folder blobs into the configured blob store / 升级数据库结构并迁移文件',
    )
    .action(async (options: StoreOptions) => {
      const config = loadConfig(options);
      const store = openStore(storeLocation(config));
      try {
        await migrateToLatest(store.db);
        console.log('migrations applied / 迁移完成');
        const blobs = openBlobStore(config, store);
        if (blobs.kind !== 'data-folder') {
          const moved = await migrateBlobs(config.dataDir, blobs);
          console.log(
            `blobs: ${moved.copied} copied from ${config.dataDir} into the ${blobs.kind} store, ${moved.alreadyThere} already there / 文件已迁移`,
          );
        }
      } finally {
        await store.close();
      }
    });
}
