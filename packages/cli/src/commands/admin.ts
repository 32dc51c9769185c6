import { loadConfig, prepare } from '@wharf/server';
import { Command } from 'commander';
import { type StoreOptions, withStoreOptions } from './options.ts';

export function adminCommand(): Command {
  const admin = new Command('admin').description('platform administrators / 平台管理员');
  withStoreOptions(admin.command('create'))
    .description('create an admin account, or make an existing account admin / 创建管理员')
    .requiredOption('--email <email>')
    .requiredOption('--password <password>', 'at least 8 characters / 至少 8 位')
    .action(async (options: StoreOptions & { email: string; password: string }) => {
      if (options.password.length < 8) throw new Error('password: at least 8 characters / 密码至少 8 位');
      const { app, ctx } = await prepare(loadConfig(options), { logger: false });
      try {
        const existing = await ctx.accounts.findByEmail(options.email);
        const user =
          existing ??
          (await ctx.accounts.createUser({
            email: options.email,
            password: options.password,
            role: 'admin',
          }));
        await ctx.accounts.setRole(user.id, 'admin');
        console.log(`admin ready / 管理员已就绪: ${user.email}`);
      } finally {
        await app.close();
      }
    });
  return admin;
}
