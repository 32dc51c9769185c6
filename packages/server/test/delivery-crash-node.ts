/**
 * A Wharf server as `wharf start` runs it (its fan-out worker starts with it), for the crash
 * tests: `tsx delivery-crash-node.ts <data dir> <database url or ''> [post <account id>]`.
 * Ranges of 1000 followers, so a 100,000-follower job is 100 transactions to kill one in.
 * Prints `listening <url>`, then `posted <jobId> <messageId>` when asked to post.
 */
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';

const [dataDir, databaseUrl, action, accountId] = process.argv.slice(2);
const server = await startServer(
  loadConfig({ data: dataDir, port: 0, databaseUrl: databaseUrl ?? '', logLevel: 'warn' }, {}),
  {
    logger: false,
    delivery: { worker: { batchRows: 1000, pollMs: 100 } },
  },
);
process.stdout.write(`listening ${server.url}\n`);
if (action === 'post') {
  const posted = await server.ctx.delivery.post({
    senderAccountId: accountId!,
    kind: 'link_notice',
    body: { appid: 'wxcrash', pagepath: 'pages/index/index' },
    audience: { followersOf: accountId! },
  });
  process.stdout.write(`posted ${posted.jobId} ${posted.messageId}\n`);
}
process.on('SIGTERM', () => {
  server.close().then(() => process.exit(0));
});
