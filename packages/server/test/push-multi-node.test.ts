import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CodeWorld, codeWorld } from './code-world.ts';
import { startSecondNode, startTestServer, type TestServer } from './harness.ts';

const TOKEN = 'twoNodesToken';
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

/** Records every push with the number of requests of the same event and of the same app in flight. */
async function slowServer() {
  const seen: Array<{ app: string; msgId: string; sameEvent: number; sameApp: number; all: number }> = [];
  const inFlight = new Map<string, number>();
  const bump = (key: string, by: number) => {
    const next = (inFlight.get(key) ?? 0) + by;
    inFlight.set(key, next);
    return next;
  };
  const server = http.createServer((req, res) => {
    const query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
    if (query.signature !== sha1([TOKEN, query.timestamp ?? '', query.nonce ?? ''].sort().join(''))) {
      res.writeHead(401);
      res.end();
      return;
    }
    if (req.method === 'GET') {
      res.end(query.echostr);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const msgId = /<MsgId>(\d+)<\/MsgId>/.exec(Buffer.concat(chunks).toString())?.[1] ?? '';
      const app = query.app ?? '';
      seen.push({ app, msgId, sameEvent: bump(msgId, 1), sameApp: bump(app, 1), all: bump('*', 1) });
      setTimeout(() => {
        bump(msgId, -1);
        bump(app, -1);
        bump('*', -1);
        res.end('success');
      }, 40);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/push`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('two nodes on one PostgreSQL deliver the outbox together', () => {
  let first: TestServer;
  let second: TestServer;
  let dev: Awaited<ReturnType<typeof slowServer>>;
  const worlds: CodeWorld[] = [];

  beforeAll(async () => {
    first = await startTestServer('postgres');
    await first.ctx.settings.set('push.privateAddresses', true);
    second = await startSecondNode(first);
    dev = await slowServer();
    for (let i = 0; i < 3; i += 1) worlds.push(await codeWorld(first, `双节点${i}`));
    for (const [i, w] of worlds.entries()) {
      const saved = await w.dev.put(`/api/v1/push/${w.app.appid}/config`, {
        url: `${dev.url}?app=${i}`,
        token: TOKEN,
        mode: 'plaintext',
      });
      expect(saved.status).toBe(200);
    }
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await dev?.close();
  });

  it('never sends one event twice, never two of one app at once, and keeps each app’s order', async () => {
    const perApp = 12;
    const expected: string[][] = worlds.map(() => []);
    for (let n = 0; n < perApp; n += 1) {
      for (const [i, w] of worlds.entries()) {
        const msgId = String(5_000_000 + i * 1000 + n);
        expected[i]!.push(msgId);
        const node = n % 2 === 0 ? first : second;
        await node.ctx.push.enqueue(node.ctx.store.db, w.app.appid, {
          ToUserName: w.app.originalId,
          FromUserName: `oUser${n}`,
          CreateTime: 1764000000 + n,
          MsgType: 'text',
          Content: `message ${n}`,
          MsgId: msgId,
        });
      }
    }
    first.ctx.push.start();
    second.ctx.push.start();
    const claimers = new Set<string>();
    const deadline = Date.now() + 25_000;
    while (dev.seen.length < perApp * worlds.length && Date.now() < deadline) {
      first.ctx.push.kick();
      second.ctx.push.kick();
      const held = await first.ctx.store.db
        .selectFrom('app_events')
        .select('claimed_by')
        .where('claimed_by', 'is not', null)
        .execute();
      for (const row of held) claimers.add(String(row.claimed_by));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // Nothing more arrives after everything has.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(dev.seen).toHaveLength(perApp * worlds.length);
    expect(new Set(dev.seen.map((s) => s.msgId)).size).toBe(perApp * worlds.length);
    expect(Math.max(...dev.seen.map((s) => s.sameEvent))).toBe(1);
    expect(Math.max(...dev.seen.map((s) => s.sameApp))).toBe(1);
    for (const [i] of worlds.entries()) {
      expect(dev.seen.filter((s) => s.app === String(i)).map((s) => s.msgId)).toEqual(expected[i]);
    }
    // Both nodes claimed work, and apps went in parallel (more than one app in flight at a time).
    expect(claimers.size).toBe(2);
    expect(Math.max(...dev.seen.map((s) => s.all))).toBeGreaterThan(1);
    const logs = await Promise.all(
      worlds.map(async (w) => (await w.dev.get(`/api/v1/push/${w.app.appid}/log?limit=200`)).body as any[]),
    );
    expect(logs.flat().every((e) => e.outcome === 'delivered' && e.attempt === 1)).toBe(true);
  });
});
