import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushFields } from '../src/delivery/push/xml.ts';
import { type CodeWorld, codeWorld, person } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { type DeveloperServer, misbehavingServer } from './push-servers.ts';

const TOKEN = 'failureToken9';

describe.each(dialects)('pushes that do not get through, on %s', (dialect) => {
  let server: TestServer;
  let w: CodeWorld;
  let dev: Awaited<ReturnType<typeof misbehavingServer>>;
  const servers: DeveloperServer[] = [];
  let serial = 0;

  const text = (content: string): PushFields => {
    serial += 1;
    return {
      ToUserName: w.app.originalId,
      FromUserName: 'oFailUser',
      CreateTime: Math.floor(server.clock() / 1000),
      MsgType: 'text',
      Content: content,
      MsgId: String(9_100_000_000 + serial),
    };
  };
  const enqueue = async (content: string) =>
    (await server.ctx.push.enqueue(server.ctx.store.db, w.app.appid, text(content))).id;
  const drain = () => server.ctx.push.drain();
  const log = async () => (await w.dev.get(`/api/v1/push/${w.app.appid}/log?limit=200`)).body as any[];
  const eventRow = (id: string) =>
    server.ctx.store.db
      .selectFrom('app_events')
      .select(['state', 'attempts', 'delivered_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const configure = (url: string) =>
    w.dev.put(`/api/v1/push/${w.app.appid}/config`, { url, token: TOKEN, mode: 'plaintext' });

  beforeAll(async () => {
    server = await startTestServer(dialect);
    await server.ctx.settings.set('push.privateAddresses', true);
    w = await codeWorld(server, '失败');
    dev = await misbehavingServer(TOKEN, 'hang');
    servers.push(dev);
    expect((await configure(dev.url)).status).toBe(200);
  });
  afterAll(async () => {
    await server.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  let hungEvent: string;

  it('gives a hanging server 5 s, logs the timeout, and holds the app’s next push back until the first settles', async () => {
    hungEvent = await enqueue('first');
    await drain();
    const [entry] = await log();
    expect(entry).toMatchObject({
      eventId: hungEvent,
      attempt: 1,
      outcome: 'timeout',
      status: null,
      detail: 'no answer within 5000 ms',
    });
    expect(entry.durationMs).toBeGreaterThanOrEqual(4900);
    expect(entry.durationMs).toBeLessThan(7000);
    await enqueue('second');
    await drain();
    expect(dev.posts).toEqual(['first']);
  });

  it('retries three times with backoff (2 s, 4 s, 8 s), then gives up and moves on to the next push', async () => {
    await server.ctx.settings.set('push.timeoutMs', 300);
    server.clock.advance(1_999);
    await drain();
    expect(dev.posts).toHaveLength(1);
    server.clock.advance(1);
    await drain();
    expect(dev.posts).toEqual(['first', 'first']);
    server.clock.advance(4_000);
    await drain();
    server.clock.advance(8_000);
    await drain();
    // The fourth try failed: the event is given up and the second push, now first in line, is tried.
    expect(dev.posts).toEqual(['first', 'first', 'first', 'first', 'second']);
    expect(await eventRow(hungEvent)).toMatchObject({ state: 'failed', attempts: 4, delivered_at: null });
    const attempts = (await log()).filter((e) => e.eventId === hungEvent);
    expect(attempts.map((e) => [e.attempt, e.outcome])).toEqual([
      [4, 'timeout'],
      [3, 'timeout'],
      [2, 'timeout'],
      [1, 'timeout'],
    ]);
    server.clock.advance(60_000);
    dev.behave('ok');
    await drain();
    expect(dev.posts).toEqual(['first', 'first', 'first', 'first', 'second', 'second']);
    expect((await log())[0]).toMatchObject({ outcome: 'delivered', attempt: 2, detail: 'no reply' });
  });

  it('logs HTTP 500 as http_error with the status and the body, retries, and delivers once the server recovers', async () => {
    dev.behave('http500');
    const id = await enqueue('five hundred');
    await drain();
    expect((await log())[0]).toMatchObject({
      eventId: id,
      outcome: 'http_error',
      status: 500,
      detail: 'HTTP 500',
      excerpt: 'Internal Server Error',
    });
    expect(await eventRow(id)).toMatchObject({ state: 'pending', attempts: 1 });
    dev.behave('ok');
    server.clock.advance(2_000);
    await drain();
    expect((await log())[0]).toMatchObject({ eventId: id, outcome: 'delivered', status: 200, attempt: 2 });
    expect(await eventRow(id)).toMatchObject({ state: 'delivered', attempts: 2 });
  });

  it('logs garbage XML as bad_reply with what came back, and does not retry (the server took the push)', async () => {
    dev.behave('garbage');
    const id = await enqueue('garbage please');
    await drain();
    const [entry] = await log();
    expect(entry).toMatchObject({ eventId: id, outcome: 'bad_reply', status: 200 });
    expect(entry.detail).toMatch(/^not XML/);
    expect(entry.excerpt).toContain('oops');
    expect(await eventRow(id)).toMatchObject({ state: 'delivered', attempts: 1 });
    server.clock.advance(60_000);
    await drain();
    expect(dev.posts.filter((p) => p === 'garbage please')).toHaveLength(1);
  });

  it('replays a logged event on the admin’s request: logged as a replay, and a given-up event that gets through is delivered', async () => {
    dev.behave('ok');
    const first = (await log()).find((e) => e.eventId === hungEvent && e.attempt === 1);
    const replayed = await w.dev.post(`/api/v1/push/${w.app.appid}/log/${first.id}/replay`);
    expect(replayed.status).toBe(200);
    expect(replayed.body).toMatchObject({
      eventId: hungEvent,
      attempt: 5,
      replay: true,
      outcome: 'delivered',
    });
    expect(dev.posts.at(-1)).toBe('first');
    expect(await eventRow(hungEvent)).toMatchObject({ state: 'delivered', attempts: 4 });
    expect((await log())[0]).toEqual(replayed.body);
  });

  it('refuses a replay of an unknown entry, a stranger’s replay, and a body on the replay route', async () => {
    const missing = await w.dev.post(`/api/v1/push/${w.app.appid}/log/plog_nope/replay`);
    expect(missing.status).toBe(404);
    const entry = (await log())[0];
    const { client: stranger } = await person(server);
    expect((await stranger.post(`/api/v1/push/${w.app.appid}/log/${entry.id}/replay`)).status).toBe(404);
    const withBody = await w.dev.post(`/api/v1/push/${w.app.appid}/log/${entry.id}/replay`, { now: true });
    expect(withBody.status).toBe(400);
  });

  it('pages the log newest first with before=', async () => {
    const all = await log();
    const page = (await w.dev.get(`/api/v1/push/${w.app.appid}/log?limit=2&before=${all[1].id}`)).body;
    expect(page).toEqual(all.slice(2, 4));
  });

  it('keeps the token out of the log and the config', async () => {
    const everything = JSON.stringify([
      await log(),
      (await w.dev.get(`/api/v1/push/${w.app.appid}/config`)).body,
    ]);
    expect(everything).not.toContain(TOKEN);
  });

  it('refuses private and loopback addresses when the operator setting is off: at save, and for a server saved before', async () => {
    await server.ctx.settings.set('push.privateAddresses', false);
    try {
      for (const url of [dev.url, dev.url.replace('127.0.0.1', 'localhost')]) {
        const refused = await configure(url);
        expect(refused.status).toBe(422);
        expect(refused.body.error).toMatchObject({
          code: 'push_url_verification_failed',
          message: 'The server URL failed verification: the URL leads to a private or loopback address',
        });
      }
      const before = dev.posts.length;
      const id = await enqueue('to a private address');
      await drain();
      expect((await log())[0]).toMatchObject({ eventId: id, outcome: 'refused_address', status: null });
      expect(dev.posts).toHaveLength(before);
      expect(await eventRow(id)).toMatchObject({ state: 'failed', attempts: 1 });
    } finally {
      await server.ctx.settings.set('push.privateAddresses', true);
    }
  });

  it('delivers an event whose node died mid-push once that node’s lease has run out, not before', async () => {
    dev.behave('ok');
    const id = await enqueue('orphaned');
    const lease = server.clock() + 300 + 30_000;
    await server.ctx.store.db
      .updateTable('app_events')
      .set({ claimed_by: 'node_gone', claimed_until: lease })
      .where('id', '=', id)
      .execute();
    await drain();
    expect(dev.posts).not.toContain('orphaned');
    server.clock.advance(30_301);
    await drain();
    expect(dev.posts.filter((p) => p === 'orphaned')).toHaveLength(1);
    expect(await eventRow(id)).toMatchObject({ state: 'delivered' });
  });

  it('stops pushing when the admin removes the server; what happened meanwhile is skipped when a server is set again', async () => {
    expect((await w.dev.delete(`/api/v1/push/${w.app.appid}/config`)).status).toBe(200);
    expect((await w.dev.get(`/api/v1/push/${w.app.appid}/config`)).body).toBeNull();
    expect((await w.dev.delete(`/api/v1/push/${w.app.appid}/config`)).status).toBe(404);
    const meanwhile = await enqueue('while unconfigured');
    await drain();
    expect(dev.posts).not.toContain('while unconfigured');
    expect(await eventRow(meanwhile)).toMatchObject({ state: 'skipped' });
    // Recorded without a server and not yet seen by a worker: skipped when a server is set.
    const unseen = await enqueue('unseen');
    expect((await configure(dev.url)).status).toBe(200);
    expect(await eventRow(unseen)).toMatchObject({ state: 'skipped' });
    await enqueue('after');
    await drain();
    expect(dev.posts).not.toContain('while unconfigured');
    expect(dev.posts).not.toContain('unseen');
    expect(dev.posts.at(-1)).toBe('after');
  });

  it('prunes log entries older than push.logDays', async () => {
    expect((await log()).length).toBeGreaterThan(0);
    await server.ctx.settings.set('push.logDays', 1);
    server.clock.advance(86_400_000 + 120_000);
    await drain();
    expect(await log()).toEqual([]);
    await enqueue('fresh');
    await drain();
    expect((await log()).map((e) => e.outcome)).toEqual(['delivered']);
  });

  it('refuses to enqueue fields that are not a push, and gives up on a stored row that cannot be sent', async () => {
    await expect(
      server.ctx.push.enqueue(server.ctx.store.db, w.app.appid, {
        ToUserName: 'gh',
        'Not a name': 'x',
        MsgType: 'text',
      }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(
      server.ctx.push.enqueue(server.ctx.store.db, w.app.appid, { Content: 'x' }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
    });
    const id = await enqueue('will be broken');
    await server.ctx.store.db
      .updateTable('app_events')
      .set({ payload: '{not json' })
      .where('id', '=', id)
      .execute();
    await drain();
    expect((await log())[0]).toMatchObject({ eventId: id, outcome: 'http_error', status: null });
    expect((await log())[0].detail).toMatch(/^the event cannot be sent/);
    expect(await eventRow(id)).toMatchObject({ state: 'failed' });
    await enqueue('the next one');
    await drain();
    expect(dev.posts.at(-1)).toBe('the next one');
  });

  it('calls a reply over 256 KB a bad reply without reading the rest', async () => {
    dev.behave('huge');
    const id = await enqueue('huge reply');
    await drain();
    expect((await log())[0]).toMatchObject({
      eventId: id,
      outcome: 'bad_reply',
      status: 200,
      detail: 'the reply is larger than 256 KB',
    });
    dev.behave('ok');
  });

  it('refuses a replay while a node is sending that event (push_busy), and once the server is removed (push_not_configured)', async () => {
    const id = await enqueue('replay me');
    await drain();
    const entry = (await log()).find((e) => e.eventId === id);
    await server.ctx.store.db
      .updateTable('app_events')
      .set({ claimed_by: 'node_busy', claimed_until: server.clock() + 30_000 })
      .where('id', '=', id)
      .execute();
    const busy = await w.dev.post(`/api/v1/push/${w.app.appid}/log/${entry.id}/replay`);
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('push_busy');
    await server.ctx.store.db
      .updateTable('app_events')
      .set({ claimed_by: null, claimed_until: null })
      .where('id', '=', id)
      .execute();
    expect((await w.dev.delete(`/api/v1/push/${w.app.appid}/config`)).status).toBe(200);
    const unconfigured = await w.dev.post(`/api/v1/push/${w.app.appid}/log/${entry.id}/replay`);
    expect(unconfigured.status).toBe(409);
    expect(unconfigured.body.error.code).toBe('push_not_configured');
    expect((await configure(dev.url)).status).toBe(200);
  });

  it('stops between attempts when the server shuts down, and the rest goes out after a restart', async () => {
    dev.behave('slow');
    const before = dev.posts.length;
    for (let n = 0; n < 20; n += 1) await enqueue(`chain ${n}`);
    server.ctx.push.start();
    await new Promise((resolve) => setTimeout(resolve, 250));
    const stopping = performance.now();
    await server.ctx.push.stop();
    // The rest of the chain would take well over a second (100 ms each, one at a time).
    expect(performance.now() - stopping).toBeLessThan(1_000);
    const sent = dev.posts.length - before;
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(20);
    await drain();
    expect(dev.posts.slice(before)).toEqual(Array.from({ length: 20 }, (_, n) => `chain ${n}`));
    dev.behave('ok');
  });
});
