import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './client.ts';
import { follow, followers, officialAccount } from './delivery-world.ts';
import { dialects, startSecondNode, startTestServer, type TestServer } from './harness.ts';

let people = 0;

/** An end user signed up through the client API; returns its id and a Bearer client. */
async function endUser(server: TestServer) {
  people += 1;
  const username = `reader_${people}_${Date.now() % 100000}`;
  const anonymous = new ApiClient(server.url);
  const signup = await anonymous.post('/api/v1/client/signup', { username, password: 'password-123' });
  expect(signup.status, JSON.stringify(signup.body)).toBe(201);
  const signin = await anonymous.post('/api/v1/client/signin', { username, password: 'password-123' });
  return {
    id: signup.body.id as string,
    token: signin.body.token as string,
    api: new ApiClient(server.url, signin.body.token),
  };
}

interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
}

/** An EventSource-like reader over fetch, keeping every event in order. */
async function openStream(url: string, token: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(`${url}/api/v1/client/inbox/stream`, {
    headers: { authorization: `Bearer ${token}`, ...headers },
    signal: controller.signal,
  });
  const events: SseEvent[] = [];
  let ended = false;
  const reading = (async () => {
    if (!response.body || response.status !== 200) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = {};
          for (const line of block.split('\n')) {
            const [field, ...rest] = line.split(': ');
            if (field === 'id' || field === 'event' || field === 'data') event[field] = rest.join(': ');
          }
          if (event.event) events.push(event);
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {}
    ended = true;
  })();
  return {
    response,
    events,
    ended: () => ended,
    /** The messages received so far, by id. */
    ids: () => events.map((e) => JSON.parse(e.data!).id as string),
    async waitFor(count: number, ms = 10_000) {
      const deadline = Date.now() + ms;
      while (events.length < count) {
        if (Date.now() > deadline) throw new Error(`stream: ${events.length} of ${count} events`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return events.slice(0, count).map((e) => JSON.parse(e.data!));
    },
    async close() {
      controller.abort();
      await reading;
    },
  };
}

describe.each(dialects)('inboxes on %s', (dialect) => {
  let server: TestServer;
  let account: string;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    account = await officialAccount(server.ctx.store.db);
  });
  afterAll(() => server?.close());

  const post = (users: string[], body: Record<string, unknown>) =>
    server.ctx.delivery.post({ senderAccountId: account, kind: 'custom', body, audience: { users } });

  it('lists a user’s deliveries newest first by keyset, then oldest first after a cursor; never another user’s', async () => {
    const me = await endUser(server);
    const other = await endUser(server);
    const sent = [];
    for (let i = 0; i < 3; i++) {
      sent.push((await post([me.id], { n: i })).messageId);
      server.clock.advance(5);
    }
    await post([other.id], { n: 'theirs' });
    const first = await me.api.get('/api/v1/client/inbox?limit=2');
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.items.map((i: { id: string }) => i.id)).toEqual([sent[2], sent[1]]);
    expect(first.body.items[0]).toMatchObject({ kind: 'custom', body: { n: 2 }, sender: { id: account } });
    const second = await me.api.get(`/api/v1/client/inbox?limit=2&before=${first.body.next}`);
    expect(second.body.items.map((i: { id: string }) => i.id)).toEqual([sent[0]]);
    expect(second.body.next).toBeNull();
    const oldest = second.body.items[0].cursor;
    const after = await me.api.get(`/api/v1/client/inbox?after=${oldest}`);
    expect(after.body.items.map((i: { id: string }) => i.id)).toEqual([sent[1], sent[2]]);
  });

  it('refuses bad cursors and anonymous readers without a 500', async () => {
    const me = await endUser(server);
    for (const query of [
      'before=nope',
      'after=1.x',
      'before=1.msg_a&after=1.msg_b',
      'limit=0',
      'limit=abc',
      'other=1',
    ]) {
      const answer = await me.api.get(`/api/v1/client/inbox?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
    }
    expect((await new ApiClient(server.url).get('/api/v1/client/inbox')).status).toBe(401);
    const anonymous = await fetch(`${server.url}/api/v1/client/inbox/stream`);
    expect(anonymous.status).toBe(401);
    const bad = await fetch(`${server.url}/api/v1/client/inbox/stream`, {
      headers: { authorization: `Bearer ${me.token}`, 'last-event-id': 'garbage' },
    });
    expect(bad.status).toBe(400);
  });

  it('streams inline deliveries and fan-out ranges as they land, and catches up from Last-Event-ID', async () => {
    const me = await endUser(server);
    const stream = await openStream(server.url, me.token);
    expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
    const inline = await post([me.id], { text: 'inline' });
    const [first] = await stream.waitFor(1);
    expect(first).toMatchObject({ id: inline.messageId, body: { text: 'inline' } });

    // A fan-out: the notice is per range, and this node checks the users connected to it.
    const big = await officialAccount(server.ctx.store.db);
    await followers(server.ctx.store.db, big, 2500);
    await follow(server.ctx.store.db, big, [me.id]);
    server.clock.advance(5);
    const fanned = await server.ctx.delivery.post({
      senderAccountId: big,
      kind: 'link_notice',
      body: { appid: 'wx1' },
      audience: { followersOf: big },
    });
    await server.ctx.delivery.worker.drain();
    const [, second] = await stream.waitFor(2);
    expect(second).toMatchObject({ id: fanned.messageId, kind: 'link_notice', sender: { id: big } });
    const cursorOfFirst = stream.events[0]!.id!;
    await stream.close();

    // Back after a disconnection: what came after the last event it saw, then live again.
    server.clock.advance(5);
    const missed = await post([me.id], { text: 'while away' });
    const again = await openStream(server.url, me.token, { 'last-event-id': cursorOfFirst });
    const caught = await again.waitFor(2);
    expect(caught.map((e) => e.id)).toEqual([fanned.messageId, missed.messageId]);
    server.clock.advance(5);
    const live = await post([me.id], { text: 'live' });
    expect((await again.waitFor(3))[2].id).toBe(live.messageId);
    await new Promise((r) => setTimeout(r, 100));
    expect(again.ids()).toEqual([fanned.messageId, missed.messageId, live.messageId]);
    await again.close();
  });

  it('limits open streams per user (429, no 500), and ends open streams when the server closes', async () => {
    const me = await endUser(server);
    const open = [];
    for (let i = 0; i < 5; i++) open.push(await openStream(server.url, me.token));
    const sixth = await fetch(`${server.url}/api/v1/client/inbox/stream`, {
      headers: { authorization: `Bearer ${me.token}` },
    });
    expect(sixth.status).toBe(429);
    expect((await sixth.json()).error.code).toBe('inbox_streams_exceeded');
    await open.pop()!.close();
    await new Promise((r) => setTimeout(r, 50));
    const replacement = await openStream(server.url, me.token);
    expect(replacement.response.status).toBe(200);
    open.push(replacement);

    const own = await startSecondNode(server);
    const held = await openStream(own.url, me.token);
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(5000);
    await new Promise((r) => setTimeout(r, 50));
    expect(held.ended()).toBe(true);
    for (const s of open) await s.close();
  });

  it.runIf(dialect === 'postgres')(
    'reaches a client connected to another node (LISTEN/NOTIFY), inline and fanned out',
    async () => {
      const b = await startSecondNode(server);
      try {
        const me = await endUser(server);
        const stream = await openStream(b.url, me.token);
        await new Promise((r) => setTimeout(r, 100));
        const inline = await post([me.id], { text: 'across' });
        expect((await stream.waitFor(1))[0].id).toBe(inline.messageId);
        const big = await officialAccount(server.ctx.store.db);
        await followers(server.ctx.store.db, big, 3000);
        await follow(server.ctx.store.db, big, [me.id]);
        server.clock.advance(5);
        const fanned = await server.ctx.delivery.post({
          senderAccountId: big,
          kind: 'broadcast',
          body: {},
          audience: { followersOf: big },
        });
        await server.ctx.delivery.worker.drain();
        expect((await stream.waitFor(2))[1].id).toBe(fanned.messageId);
        await stream.close();
      } finally {
        await b.close();
      }
    },
  );
});
