import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fanoutFeature } from '../src/delivery/fanout/fanout.feature.ts';
import { INBOX_CHANNEL } from '../src/delivery/fanout/fanout.service.ts';
import { WharfError } from '../src/errors/wharf-error.ts';
import { appendEvent } from '../src/features/events/events.store.ts';
import { openStore, type Store } from '../src/store/database.ts';
import { deliveryCounts, endUsers, follow, followers, officialAccount } from './delivery-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';

describe.each(dialects)('delivery fan-out on %s', (dialect) => {
  let server: TestServer;
  let db: TestServer['ctx']['store']['db'];
  let account: string;
  let fans: string[];
  const engine = (options: Parameters<typeof fanoutFeature>[0]['options'] = {}) =>
    fanoutFeature({
      db,
      dialect: server.ctx.store.dialect,
      notices: server.ctx.notices,
      clock: Date.now,
      options: { ...options, worker: { batchRows: 2000, ...options.worker } },
    });

  beforeAll(async () => {
    server = await startTestServer(dialect);
    db = server.ctx.store.db;
    account = await officialAccount(db);
    fans = await followers(db, account, 25_000);
  }, 120_000);
  afterAll(() => server?.close());

  it('delivers a short list of users inline, once each, and announces them after commit', async () => {
    const [a, b, c] = await endUsers(db, 3);
    const heard: string[] = [];
    const stop = server.ctx.notices.subscribe(INBOX_CHANNEL, (p) => heard.push(p));
    const posted = await server.ctx.delivery.post({
      senderAccountId: account,
      kind: 'custom',
      body: { text: 'hello' },
      audience: { users: [a!, b!, c!, a!] },
    });
    stop();
    expect(posted.jobId).toBeUndefined();
    expect(posted.delivered).toBe(3);
    expect(await deliveryCounts(db, posted.messageId, [a!, b!, c!])).toEqual({
      rows: 3,
      distinct: 3,
      missing: 0,
    });
    expect(heard.map((p) => JSON.parse(p))).toEqual([{ m: posted.messageId, u: [a, b, c] }]);
  });

  it('writes nothing when the caller rolls its transaction back', async () => {
    const [a] = await endUsers(db, 1);
    let messageId = '';
    await expect(
      db.transaction().execute(async (tx) => {
        messageId = (
          await server.ctx.delivery.post(
            { senderAccountId: account, kind: 'text', body: {}, audience: { users: [a!] } },
            tx,
          )
        ).messageId;
        const job = await server.ctx.delivery.post(
          { senderAccountId: account, kind: 'broadcast', body: {}, audience: { followersOf: account } },
          tx,
        );
        expect(job.jobId).toBeTruthy();
        throw new Error('caller fails');
      }),
    ).rejects.toThrow('caller fails');
    expect(await db.selectFrom('messages').select('id').where('id', '=', messageId).execute()).toEqual([]);
    expect(await deliveryCounts(db, messageId, [a!])).toMatchObject({ rows: 0 });
  });

  it('fans out to every follower exactly once in ranges, reports progress, and runs the finish hook in the same transaction', async () => {
    const e = engine();
    const finished: unknown[] = [];
    e.onJobFinished(async (tx, job, counts) => {
      finished.push({ job, counts });
      await appendEvent(tx, {
        appid: 'wxhook',
        type: 'MASSSENDJOBFINISH',
        payload: { msg: job.messageId, ...counts },
        at: job.finishedAt,
      });
    });
    const posted = await e.post({
      senderAccountId: account,
      kind: 'link_notice',
      body: { appid: 'wx1' },
      audience: { followersOf: account },
    });
    expect(posted.jobId).toMatch(/^djob_/);
    expect(await e.progress(posted.jobId!)).toMatchObject({ state: 'planning', planned: null, delivered: 0 });
    await e.worker.drain();
    const progress = await e.progress(posted.jobId!);
    expect(progress).toMatchObject({
      state: 'done',
      planned: 25_000,
      delivered: 25_000,
      ranges: { done: 13, total: 13 },
    });
    expect(progress.finishedAt).toBeGreaterThan(0);
    expect(await deliveryCounts(db, posted.messageId, fans)).toEqual({
      rows: 25_000,
      distinct: 25_000,
      missing: 0,
    });
    expect(finished).toEqual([
      {
        job: expect.objectContaining({
          id: posted.jobId,
          messageId: posted.messageId,
          senderAccountId: account,
          kind: 'link_notice',
          source: 'followers',
        }),
        counts: { planned: 25_000, delivered: 25_000 },
      },
    ]);
    const events = await server.ctx.events.forApp('wxhook');
    expect(events.map((ev) => JSON.parse(ev.payload))).toEqual([
      { msg: posted.messageId, planned: 25_000, delivered: 25_000 },
    ]);
  }, 60_000);

  it('keeps a job running when its finish hook fails, and finishes it once the hook succeeds', async () => {
    const small = await officialAccount(db);
    const users = await followers(db, small, 30);
    const e = engine();
    let fail = true;
    e.onJobFinished(async (tx) => {
      await appendEvent(tx, { appid: 'wxfail', type: 'X', payload: {}, at: 1 });
      if (fail) throw new Error('hook down');
    });
    const posted = await e.post({
      senderAccountId: small,
      kind: 'broadcast',
      body: {},
      audience: { followersOf: small },
    });
    await expect(e.worker.drain()).rejects.toThrow('hook down');
    expect(await e.progress(posted.jobId!)).toMatchObject({ state: 'running', delivered: 30 });
    expect(await server.ctx.events.forApp('wxfail')).toEqual([]);
    fail = false;
    await e.worker.drain();
    expect(await e.progress(posted.jobId!)).toMatchObject({ state: 'done', delivered: 30 });
    expect(await server.ctx.events.forApp('wxfail')).toHaveLength(1);
    expect(await deliveryCounts(db, posted.messageId, users)).toEqual({ rows: 30, distinct: 30, missing: 0 });
  });

  it('does not let a job whose finish hook keeps failing hold back the jobs after it', async () => {
    const first = await officialAccount(db);
    const second = await officialAccount(db);
    await followers(db, first, 20);
    await followers(db, second, 20);
    const errors: unknown[] = [];
    const e = engine({ worker: { pollMs: 20, onError: (error) => errors.push(error) } });
    let stuck = '';
    e.onJobFinished(async (_tx, job) => {
      if (job.id === stuck) throw new Error('hook down for this job');
    });
    const a = await e.post({
      senderAccountId: first,
      kind: 'broadcast',
      body: {},
      audience: { followersOf: first },
    });
    stuck = a.jobId!;
    const b = await e.post({
      senderAccountId: second,
      kind: 'broadcast',
      body: {},
      audience: { followersOf: second },
    });
    e.worker.start();
    try {
      const started = Date.now();
      while ((await e.progress(b.jobId!)).state !== 'done') {
        if (Date.now() - started > 20_000) throw new Error('second job held back');
        await new Promise((r) => setTimeout(r, 10));
      }
    } finally {
      await e.worker.stop();
    }
    expect(await e.progress(a.jobId!)).toMatchObject({ state: 'running', delivered: 20 });
    expect(String(errors[0])).toContain('hook down for this job');
    stuck = '';
    await e.worker.drain();
    expect((await e.progress(a.jobId!)).state).toBe('done');
  });

  it('delivers to a tag only its members who still follow', async () => {
    const tagged = fans.slice(100, 5100);
    await db.insertInto('oa_tags').values({ account_id: account, id: 100, name: 'vip' }).execute();
    for (let i = 0; i < tagged.length; i += 5000) {
      await db
        .insertInto('follower_tags')
        .values(tagged.slice(i, i + 5000).map((user_id) => ({ account_id: account, tag_id: 100, user_id })))
        .execute();
    }
    const gone = tagged[7]!;
    await db.deleteFrom('followers').where('account_id', '=', account).where('user_id', '=', gone).execute();
    const e = engine();
    const posted = await e.post({
      senderAccountId: account,
      kind: 'broadcast',
      body: {},
      audience: { tag: { accountId: account, tagId: 100 } },
    });
    await e.worker.drain();
    expect(await e.progress(posted.jobId!)).toMatchObject({ state: 'done', planned: 4999, delivered: 4999 });
    const still = tagged.filter((id) => id !== gone);
    expect(await deliveryCounts(db, posted.messageId, still)).toEqual({
      rows: 4999,
      distinct: 4999,
      missing: 0,
    });
    await follow(db, account, [gone]);
  });

  it('turns a long list of users into a job', async () => {
    const users = await endUsers(db, 5000);
    const e = engine({ inlineMax: 100 });
    const posted = await e.post({ senderAccountId: null, kind: 'template', body: {}, audience: { users } });
    expect(posted.delivered).toBeUndefined();
    await e.worker.drain();
    expect(await e.progress(posted.jobId!)).toMatchObject({ state: 'done', planned: 5000, delivered: 5000 });
    expect(await deliveryCounts(db, posted.messageId, users)).toEqual({
      rows: 5000,
      distinct: 5000,
      missing: 0,
    });
  });

  it('answers not_found for an unknown job', async () => {
    await expect(server.ctx.delivery.progress('djob_nope')).rejects.toSatisfy(
      (error) => error instanceof WharfError && error.code === 'not_found',
    );
  });

  it('runs jobs in the server: the worker wakes on the job notice and stops cleanly', async () => {
    const small = await officialAccount(db);
    const users = await followers(db, small, 3000);
    server.ctx.delivery.worker.start();
    // Well past the worker's first look: it sleeps until the notice post() sends after commit.
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    const posted = await server.ctx.delivery.post({
      senderAccountId: small,
      kind: 'broadcast',
      body: {},
      audience: { followersOf: small },
    });
    while ((await server.ctx.delivery.progress(posted.jobId!)).state !== 'done') {
      if (Date.now() - started > 20_000) throw new Error('job not done');
      await new Promise((r) => setTimeout(r, 20));
    }
    await server.ctx.delivery.worker.stop();
    expect(await deliveryCounts(db, posted.messageId, users)).toEqual({
      rows: 3000,
      distinct: 3000,
      missing: 0,
    });
  });

  it('gives each open job its turn: a small job posted after a large one finishes first', async () => {
    const small = await officialAccount(db);
    const few = await followers(db, small, 10);
    const e = engine({ worker: { batchRows: 1000, budgetMs: 1, pollMs: 20 } });
    const large = await e.post({
      senderAccountId: account,
      kind: 'broadcast',
      body: {},
      audience: { followersOf: account },
    });
    const quick = await e.post({
      senderAccountId: small,
      kind: 'broadcast',
      body: {},
      audience: { followersOf: small },
    });
    e.worker.start();
    try {
      const started = Date.now();
      while ((await e.progress(quick.jobId!)).state !== 'done') {
        if (Date.now() - started > 20_000) throw new Error('small job not done');
        await new Promise((r) => setTimeout(r, 5));
      }
      const big = await e.progress(large.jobId!);
      expect(big.state).not.toBe('done');
      expect(big.ranges.done).toBeLessThan(big.ranges.total);
    } finally {
      await e.worker.stop();
    }
    expect(await deliveryCounts(db, quick.messageId, few)).toEqual({ rows: 10, distinct: 10, missing: 0 });
    // Stopped mid-way, the large job is finished by the next worker, each follower once.
    await e.worker.drain();
    expect(await deliveryCounts(db, large.messageId, fans)).toEqual({
      rows: 25_000,
      distinct: 25_000,
      missing: 0,
    });
  }, 60_000);

  it.runIf(dialect === 'postgres')(
    'splits one job between two nodes’ workers (SKIP LOCKED), each follower once',
    async () => {
      const other: Store = openStore(server.node!.location);
      try {
        const a = engine({ worker: { batchRows: 1000 } });
        const b = fanoutFeature({
          db: other.db,
          dialect: other.dialect,
          notices: server.ctx.notices,
          clock: Date.now,
          options: { worker: { batchRows: 1000 } },
        });
        const posted = await a.post({
          senderAccountId: account,
          kind: 'broadcast',
          body: {},
          audience: { followersOf: account },
        });
        await Promise.all([a.worker.drain(), b.worker.drain()]);
        expect(await a.progress(posted.jobId!)).toMatchObject({
          state: 'done',
          delivered: 25_000,
          ranges: { total: 26 },
        });
        expect(await deliveryCounts(db, posted.messageId, fans)).toEqual({
          rows: 25_000,
          distinct: 25_000,
          missing: 0,
        });
        const { rows } = await sql<{
          n: number;
        }>`SELECT count(*) AS n FROM delivery_ranges WHERE job_id = ${posted.jobId!} AND done = 1`.execute(
          db,
        );
        expect(Number(rows[0]!.n)).toBe(26);
      } finally {
        await other.close();
      }
    },
    60_000,
  );
});
