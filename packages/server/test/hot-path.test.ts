import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/database.ts';
import { ApiClient } from './client.ts';
import { dialects, startSecondNode, startTestServer, type TestServer } from './harness.ts';
import { individualAccount } from './oa-world.ts';
import { idNumber, newDeveloper, registeredApp, verifiedIndividual } from './world.ts';

/** Polls until `check` holds; fails after `ms`. Returns how long it took. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await check()) return Date.now() - start;
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function callsInDb(server: TestServer, appid: string, api: string): Promise<number> {
  const store = openStore(server.node!.location);
  try {
    const rows = await store.db
      .selectFrom('api_calls')
      .select('count')
      .where('appid', '=', appid)
      .where('api', '=', api)
      .execute();
    return rows.reduce((sum, row) => sum + Number(row.count), 0);
  } finally {
    await store.close();
  }
}

let serial = 850;

async function world(server: TestServer) {
  const dev = await newDeveloper(server.url);
  const subject = await verifiedIndividual(dev, idNumber(serial++), '热路径');
  const { app, secret } = await registeredApp(dev, subject.id, `热路径${serial}`);
  const raw = new ApiClient(server.url);
  const w = {
    dev,
    app,
    secret,
    token: async () => {
      const query = `grant_type=client_credential&appid=${app.appid}&secret=${w.secret}`;
      const { body } = await raw.get(`/cgi-bin/token?${query}`);
      if (!body.access_token) throw new Error(`no token: ${JSON.stringify(body)}`);
      return body.access_token as string;
    },
  };
  return w;
}

const wx = (server: TestServer, path: string) => new ApiClient(server.url).get(path);

describe('two Wharf nodes on one PostgreSQL database', () => {
  let a: TestServer;
  let b: TestServer;
  let w: Awaited<ReturnType<typeof world>>;

  beforeAll(async () => {
    a = await startTestServer('postgres');
    b = await startSecondNode(a);
    w = await world(a);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('refuses on the other node, within a second, a token whose secret was reset', async () => {
    const old = await w.token();
    // b has verified (and cached) the token before the reset.
    expect((await wx(b, `/wxa/get_category?access_token=${old}`)).body.errcode).toBe(0);
    expect((await wx(b, `/wxa/get_category?access_token=${old}`)).body.errcode).toBe(0);
    const reset = await w.dev.post(`/api/v1/miniprograms/${w.app.id}/secret/reset`);
    w.secret = reset.body.secret;
    // At once on the node that did it.
    expect((await wx(a, `/wxa/get_category?access_token=${old}`)).body.errcode).toBe(40001);
    const took = await within(1000, async () => {
      return (await wx(b, `/wxa/get_category?access_token=${old}`)).body.errcode === 40001;
    });
    expect(took).toBeLessThan(1000);
  });

  it('kills the old stable token on the other node within a second of a force_refresh', async () => {
    const body = { grant_type: 'client_credential', appid: w.app.appid, secret: w.secret };
    const raw = new ApiClient(a.url);
    a.clock.advance(31_000);
    const old = (await raw.post('/cgi-bin/stable_token', body)).body.access_token as string;
    expect((await wx(b, `/wxa/get_category?access_token=${old}`)).body.errcode).toBe(0);
    a.clock.advance(31_000);
    const fresh = (await raw.post('/cgi-bin/stable_token', { ...body, force_refresh: true })).body;
    expect(fresh.access_token).not.toBe(old);
    await within(1000, async () => {
      return (await wx(b, `/wxa/get_category?access_token=${old}`)).body.errcode === 40001;
    });
    expect((await wx(b, `/wxa/get_category?access_token=${fresh.access_token}`)).body.errcode).toBe(0);
  });

  it('refuses a replaced token on both nodes once its 5-minute overlap is over', async () => {
    b.clock.advance(a.clock() - b.clock()); // one time on both nodes, as NTP would keep it
    const old = await w.token();
    expect((await wx(a, `/wxa/get_category?access_token=${old}`)).body.errcode).toBe(0);
    expect((await wx(b, `/wxa/get_category?access_token=${old}`)).body.errcode).toBe(0);
    const fresh = await w.token(); // replaces `old`, which overlaps for 5 minutes
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const node of [a, b]) {
      node.clock.advance(4 * 60_000);
      expect((await wx(node, `/wxa/get_category?access_token=${old}`)).body.errcode).toBe(0);
      node.clock.advance(61_000);
      expect((await wx(node, `/wxa/get_category?access_token=${old}`)).body.errcode).toBe(40001);
      expect((await wx(node, `/wxa/get_category?access_token=${fresh}`)).body.errcode).toBe(0);
    }
  });

  it('applies an IP allow-list change on the other node within a second', async () => {
    const token = await w.token();
    expect((await wx(b, `/wxa/get_category?access_token=${token}`)).body.errcode).toBe(0);
    await w.dev.patch(`/api/v1/miniprograms/${w.app.id}`, { ipAllowlist: ['10.9.9.9'] });
    await within(1000, async () => {
      return (await wx(b, `/wxa/get_category?access_token=${token}`)).body.errcode === 40164;
    });
    await w.dev.patch(`/api/v1/miniprograms/${w.app.id}`, { ipAllowlist: [] });
    await within(1000, async () => {
      return (await wx(b, `/wxa/get_category?access_token=${token}`)).body.errcode === 0;
    });
  });

  it('answers get_category from memory and shows a category change on the other node within a second', async () => {
    const token = await w.token();
    const first = (await wx(b, `/wxa/get_category?access_token=${token}`)).body.category_list;
    expect(first).toHaveLength(1);
    const tree = (await w.dev.get('/api/v1/categories')).body as Array<{
      name: string;
      id: number;
      children: Array<{ id: number }>;
    }>;
    const tools = tree.find((c) => c.name === '工具')!;
    const two = tools.children.slice(0, 2).map((c) => ({ firstId: tools.id, secondId: c.id }));
    expect(two).toHaveLength(2);
    await w.dev.patch(`/api/v1/miniprograms/${w.app.id}`, { categories: two });
    expect((await wx(a, `/wxa/get_category?access_token=${token}`)).body.category_list).toHaveLength(2);
    await within(1000, async () => {
      return (await wx(b, `/wxa/get_category?access_token=${token}`)).body.category_list?.length === 2;
    });
  });

  it('answers menu/get from memory and shows a menu change on the other node within a second', async () => {
    const { account, secret } = await individualAccount(a);
    const { body: issued } = await wx(
      a,
      `/cgi-bin/token?grant_type=client_credential&appid=${account.appid}&secret=${secret}`,
    );
    const token = issued.access_token as string;
    const menu = (node: TestServer) => wx(node, `/cgi-bin/menu/get?access_token=${token}`);
    const create = (name: string) =>
      new ApiClient(a.url).post(`/cgi-bin/menu/create?access_token=${token}`, {
        button: [{ type: 'click', name, key: 'TODAY' }],
      });
    expect((await menu(b)).body.errcode).toBe(46003);
    expect((await create('今日')).body.errcode).toBe(0);
    await within(1000, async () => (await menu(b)).body.menu?.button[0]?.name === '今日');
    // Served again from memory: the same answer.
    expect((await menu(b)).body.menu.button[0].name).toBe('今日');
    expect((await create('明日')).body.errcode).toBe(0);
    // At once on the node that wrote, within a second on the other.
    expect((await menu(a)).body.menu.button[0].name).toBe('明日');
    const seen = await within(1000, async () => (await menu(b)).body.menu?.button[0]?.name === '明日');
    expect(seen).toBeLessThan(1000);
    expect((await wx(a, `/cgi-bin/menu/delete?access_token=${token}`)).body.errcode).toBe(0);
    expect((await menu(a)).body.errcode).toBe(46003);
    await within(1000, async () => (await menu(b)).body.errcode === 46003);
  });

  it('enforces a daily quota across both nodes from the flushed totals', async () => {
    const token = await w.token();
    await a.ctx.settings.set('api.dailyQuota./wxa/get_page', 6);
    await b.ctx.settings.set('api.dailyQuota./wxa/get_page', 6);
    const codes: number[] = [];
    for (const node of [a, b, a, b])
      codes.push((await wx(node, `/wxa/get_page?access_token=${token}`)).body.errcode);
    // The documented tolerance: a node counts the other's calls once both have flushed.
    await a.ctx.tokens.flush();
    await b.ctx.tokens.flush();
    codes.push((await wx(a, `/wxa/get_page?access_token=${token}`)).body.errcode); // a: 3 of 6
    await a.ctx.tokens.flush(); // a hears the total: 5
    codes.push((await wx(a, `/wxa/get_page?access_token=${token}`)).body.errcode); // 6 of 6
    codes.push((await wx(a, `/wxa/get_page?access_token=${token}`)).body.errcode); // 7: refused
    // 85086: no code uploaded yet, answered only to callers within the quota.
    expect(codes).toEqual([85086, 85086, 85086, 85086, 85086, 85086, 45009]);
    await a.ctx.tokens.flush();
    expect(await callsInDb(a, w.app.appid, '/wxa/get_page')).toBe(7);
  });
});

describe.each(dialects)('the token-checked hot path on %s', (dialect) => {
  let server: TestServer;
  let w: Awaited<ReturnType<typeof world>>;

  beforeAll(async () => {
    server = await startTestServer(dialect, {}, { context: { callFlushMs: 0 } });
    w = await world(server);
  });
  afterAll(() => server.close());

  it('counts calls in memory and writes them in one batch', async () => {
    const token = await w.token();
    for (let i = 0; i < 5; i++) {
      expect((await wx(server, `/wxa/get_category?access_token=${token}`)).body.errcode).toBe(0);
    }
    expect(await callsInDb(server, w.app.appid, '/wxa/get_category')).toBe(0);
    expect(server.ctx.tokens.unwritten()).toBeGreaterThanOrEqual(5);
    await server.ctx.tokens.flush();
    expect(await callsInDb(server, w.app.appid, '/wxa/get_category')).toBe(5);
    expect(server.ctx.tokens.unwritten()).toBe(0);
  });

  it('refuses with 45009 past the daily quota, counting from what an earlier process wrote', async () => {
    const token = await w.token();
    await server.ctx.settings.set('api.dailyQuota./wxa/get_category', 7);
    // 5 written by the previous test: two more are served, then refusals.
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      codes.push((await wx(server, `/wxa/get_category?access_token=${token}`)).body.errcode);
    }
    expect(codes).toEqual([0, 0, 45009, 45009]);
    // A second node starts cold: it reads the written total before it serves.
    await server.ctx.tokens.flush();
    const other = await startSecondNode(server, { context: { callFlushMs: 0 } });
    try {
      await other.ctx.settings.set('api.dailyQuota./wxa/get_category', 7);
      expect((await wx(other, `/wxa/get_category?access_token=${token}`)).body.errcode).toBe(45009);
    } finally {
      await other.close();
    }
    await server.ctx.tokens.resetQuota(w.app.appid);
    expect((await wx(server, `/wxa/get_category?access_token=${token}`)).body.errcode).toBe(0);
    await server.ctx.settings.set('api.dailyQuota./wxa/get_category', 1_000_000);
  });

  it('refuses revoked, expired, forged and malformed tokens even after serving them from cache', async () => {
    const token = await w.token();
    const call = async (t: string) => (await wx(server, `/wxa/get_category?access_token=${t}`)).body.errcode;
    expect(await call(token)).toBe(0);
    const forged = `${token.slice(0, -4)}AAAA`;
    expect(await call(forged)).toBe(40001);
    // The remembered refusal (written without the serializer) is the same WeChat body, as JSON.
    const remembered = await fetch(`${server.url}/wxa/get_category?access_token=${forged}`);
    expect(remembered.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await remembered.json()).toEqual({
      errcode: 40001,
      errmsg: expect.stringMatching(
        /^invalid credential, access_token is invalid or not latest rid: req-\w+$/,
      ),
    });
    expect(await call('short')).toBe(40014);
    expect(await call(token)).toBe(0);
    server.clock.advance(7201 * 1000);
    expect(await call(token)).toBe(42001);
    const next = await w.token();
    expect(await call(next)).toBe(0);
    const reset = await w.dev.post(`/api/v1/miniprograms/${w.app.id}/secret/reset`);
    w.secret = reset.body.secret;
    expect(await call(next)).toBe(40001);
  });

  it('writes the counted calls at a graceful shutdown', async () => {
    const node = await startSecondNode(server, { context: { callFlushMs: 0 } });
    const token = await w.token();
    const before = await callsInDb(server, w.app.appid, '/wxa/get_page');
    for (let i = 0; i < 3; i++) await wx(node, `/wxa/get_page?access_token=${token}`);
    expect(await callsInDb(server, w.app.appid, '/wxa/get_page')).toBe(before);
    await node.close();
    expect(await callsInDb(server, w.app.appid, '/wxa/get_page')).toBe(before + 3);
  });
});

/** Starts `hot-path-node.ts` in its own process on `server`'s database; resolves with its URL. */
async function nodeProcess(server: TestServer) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./hot-path-node.ts', import.meta.url))],
    {
      env: {
        ...process.env,
        WHARF_TEST_DB: server.node!.location,
        WHARF_TEST_DATA: server.node!.dataDir,
        WHARF_TEST_KEY: server.node!.secretKey,
        WHARF_TEST_NOW: String(server.clock()),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\S+)/.exec(out);
      if (match) resolve(match[1] as string);
    });
    child.on('exit', (code) => reject(new Error(`node exited ${code}: ${out}`)));
  });
  return { child, url };
}

describe.each(dialects)('counted calls after a crash on %s', (dialect) => {
  it('loses at most the calls of the last flush interval (1 s) when the process is killed', async () => {
    const server = await startTestServer(dialect);
    try {
      const w = await world(server);
      const token = await w.token();
      const { child, url } = await nodeProcess(server);
      const served: number[] = [];
      const client = new ApiClient(url);
      const until = Date.now() + 2500;
      while (Date.now() < until) {
        const { body } = await client.get(`/wxa/get_category?access_token=${token}`);
        expect(body.errcode).toBe(0);
        served.push(Date.now());
      }
      const killedAt = Date.now();
      child.kill('SIGKILL');
      await once(child, 'exit');
      const written = await callsInDb(server, w.app.appid, '/wxa/get_category');
      // Written: at most what was served; at least what was served before the last flush began
      // (one interval, plus the flush's own time and timer lag, taken as 0.5 s).
      const surely = served.filter((t) => t < killedAt - 1500).length;
      expect(written).toBeLessThanOrEqual(served.length);
      expect(written).toBeGreaterThanOrEqual(surely);
      expect(surely).toBeGreaterThan(0);
      // Not a write per call: the kill did lose the last calls.
      expect(written).toBeLessThan(served.length);
    } finally {
      await server.close();
    }
    // A node process of its own starts through tsx: slow on a loaded machine.
  }, 90_000);
});
