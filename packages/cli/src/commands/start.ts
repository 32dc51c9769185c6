import { closeOnSignals, loadConfig, seedDemo, startServer } from '@wharf/server';
import { Command } from 'commander';
import { type StoreOptions, withStoreOptions } from './options.ts';

export function startCommand(): Command {
  return withStoreOptions(new Command('start'))
    .description('start the platform / 启动平台')
    .option('--port <n>', 'port to listen on / 端口')
    .option('--host <host>', 'address to bind / 监听地址')
    .option('--public-url <url>', 'the URL clients use, for links / 对外访问地址 (WHARF_PUBLIC_URL)')
    .option(
      '--runtime-origin <url>',
      'where mini programs run, another host in production / 小程序运行源 (WHARF_RUNTIME_ORIGIN)',
    )
    .option(
      '--runtime-port <n>',
      'port of the runtime listener, default port + 1 / 运行源端口 (WHARF_RUNTIME_PORT)',
    )
    .option('--demo', 'seed the demo world (idempotent) / 写入演示数据')
    .action(
      async (
        options: StoreOptions & {
          port?: string;
          host?: string;
          publicUrl?: string;
          runtimeOrigin?: string;
          runtimePort?: string;
          demo?: boolean;
        },
      ) => {
        const config = loadConfig(options);
        const server = await startServer(config);
        closeOnSignals(server);
        const lines = [
          `Console / 控制台:  ${server.url}/`,
          '',
          `Wharf is running / Wharf 已启动  (${config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`})`,
          `  WeChat-compatible API base / 微信兼容接口:  ${server.url}/   (e.g. ${server.url}/cgi-bin/token)`,
          `  Native API / 原生接口:                     ${server.url}/api/v1`,
          `  Native API docs / 接口文档:                ${server.url}/api/v1/docs`,
          `  Client app / 客户端:                       ${server.url}/client/`,
          `  Mini program runtime origin / 小程序运行源: ${server.runtimeUrl}/   (frames and package files only)`,
        ];
        if (options.demo) {
          const world = await seedDemo(server.ctx);
          lines.push('', 'Demo sign-ins / 演示账号:');
          lines.push(`  admin     ${world.admin.email} / ${world.admin.password}`);
          for (const dev of world.developers)
            lines.push(`  developer ${dev.email} / ${dev.password}  (${dev.subjectName})`);
          lines.push('', 'Demo mini programs / 演示小程序 (appid / secret):');
          for (const app of world.miniPrograms) lines.push(`  ${app.name}  ${app.appid} / ${app.secret}`);
          lines.push('', 'Demo official accounts / 演示公众号 (appid / secret):');
          for (const account of world.officialAccounts)
            lines.push(`  ${account.name}  ${account.appid} / ${account.secret}  (${account.type})`);
          lines.push(
            '',
            'Demo end users of the client / 客户端演示用户:',
            `  ${world.endUsers.map((user) => user.username).join(', ')} / ${world.endUsers[0]?.password ?? ''}`,
          );
          const released = world.miniPrograms.find((app) => app.releasedVersion);
          if (released) {
            // The released version, rendered by the runtime in any browser.
            const launch = await server.ctx.code.serving.launch(
              released.appid,
              'release',
              undefined,
              server.runtimeUrl,
            );
            const query = new URLSearchParams({
              appid: released.appid,
              packageBase: launch.packageBase,
              runtimeBase: launch.runtimeBase,
            });
            lines.push(
              '',
              'Open the demo mini program / 打开演示小程序:',
              `  ${server.url}/runtime/preview.html?${query}`,
            );
          }
        }
        console.log(lines.join('\n'));
      },
    );
}
