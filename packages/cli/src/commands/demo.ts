import { loadConfig, prepare, seedDemo } from '@wharf/server';
import { Command } from 'commander';
import { type StoreOptions, withStoreOptions } from './options.ts';

export function demoCommand(): Command {
  return withStoreOptions(new Command('demo'))
    .description('seed the demo world (idempotent) and print it / 写入并输出演示数据')
    .option('--json', 'print one JSON object / 输出 JSON')
    .action(async (options: StoreOptions & { json?: boolean }) => {
      const { app, ctx } = await prepare(loadConfig({ ...options, logLevel: 'warn' }), { logger: false });
      try {
        const world = await seedDemo(ctx);
        console.log(options.json ? JSON.stringify(world) : JSON.stringify(world, null, 2));
      } finally {
        await app.close();
      }
    });
}
