import { Command } from 'commander';
import { startDevServer } from '../dev/dev-server.ts';

export function devCommand(): Command {
  return new Command('dev')
    .description(
      'preview a local mini program in the browser, rebuilt on every save / 本地开发预览（保存即重新编译）',
    )
    .option('--project <dir>', 'project folder / 项目目录', '.')
    .option('--port <n>', 'port of the dev page (0: any free port) / 端口', '5180')
    .option('--host <host>', 'address to bind / 监听地址', '127.0.0.1')
    .action(async (flags: { project: string; port: string; host: string }) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new Error(`--port must be a port number / 端口无效: ${flags.port}`);
      const server = await startDevServer({
        project: flags.project,
        port,
        host: flags.host,
        log: (line) => console.error(line),
      });
      console.log(`Wharf dev / 开发预览:  ${server.url}`);
      const stop = () => void server.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
