import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbBlobStore } from '../src/blobs/db-blob-store.ts';
import { FsBlobStore } from '../src/blobs/fs-blob-store.ts';
import { openStore } from '../src/store/database.ts';
import { ApiClient } from './client.ts';
import { sampleFiles, zipOf } from './code-world.ts';
import { type Cluster, type Node, startCluster } from './multi-node.ts';
import { startTestS3, type TestS3 } from './s3-server.ts';
import { idNumber, PNG_ICON } from './world.ts';

let people = 0;
let serial = 700 + Math.floor(Math.random() * 200);

/**
 * Signs up on one node, activates the account with the link an admin reads on the other node
 * (no mail server here), and returns the session token, which any node accepts.
 */
async function signUp(cluster: Cluster, node: Node): Promise<string> {
  people += 1;
  const email = `mn${people}-${Date.now()}@example.com`;
  const anonymous = new ApiClient(node.url);
  expect((await anonymous.post('/api/v1/auth/signup', { email, password: 'password-123' })).status).toBe(201);
  const other = cluster.nodes.find((n) => n !== node) ?? node;
  const links = (await as(other, await admin(cluster, other)).get('/api/v1/admin/activation-links'))
    .body as Array<{
    email: string;
    link: string;
  }>;
  const token = /#\/activate\/([A-Za-z0-9_-]+)$/.exec(links.find((l) => l.email === email)?.link ?? '')?.[1];
  expect((await anonymous.post('/api/v1/auth/activate', { token })).status).toBe(200);
  const signin = await anonymous.post('/api/v1/auth/signin', { email, password: 'password-123' });
  expect(signin.status).toBe(200);
  return signin.body.token as string;
}

const as = (node: Node, token: string) => new ApiClient(node.url, token);

async function verifiedSubject(node: Node, token: string): Promise<string> {
  serial += 1;
  const response = await as(node, token).post('/api/v1/subjects', {
    type: 'individual',
    name: '张三',
    idNumber: idNumber(serial),
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
}

async function wx(node: Node, path: string, token: string, body?: unknown) {
  const client = new ApiClient(node.url);
  const url = `${path}${path.includes('?') ? '&' : '?'}access_token=${token}`;
  return (body === undefined ? await client.get(url) : await client.post(url, body)).body;
}

async function accessToken(node: Node, appid: string, secret: string): Promise<string> {
  const answer = await new ApiClient(node.url).get(
    `/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`,
  );
  expect(answer.body.access_token, JSON.stringify(answer.body)).toBeTruthy();
  return answer.body.access_token as string;
}

const admins = new WeakMap<Cluster, string>();

/** An admin made by `wharf admin create` (once per cluster), signed in on `node`. */
async function admin(cluster: Cluster, node: Node): Promise<string> {
  const made = admins.get(cluster);
  if (made) {
    const again = await new ApiClient(node.url).post('/api/v1/auth/signin', {
      email: made,
      password: 'password-123',
    });
    return again.body.token as string;
  }
  people += 1;
  const email = `mn-admin${people}-${Date.now()}@example.com`;
  await cluster.cli(['admin', 'create', '--email', email, '--password', 'password-123']);
  admins.set(cluster, email);
  const signin = await new ApiClient(node.url).post('/api/v1/auth/signin', {
    email,
    password: 'password-123',
  });
  return signin.body.token as string;
}

/**
 * The main flow with every step on the other node than the one before: sign up on A, verify on
 * B, create on A, details on B, upload on B, token on A, submit on B, review on A, release on B,
 * then launch and serve from both.
 */
async function mainFlowAcross(cluster: Cluster) {
  const [a, b] = cluster.nodes as [Node, Node];
  const dev = await signUp(cluster, a);
  const subjectId = await verifiedSubject(b, dev);
  const created = await as(a, dev).post('/api/v1/miniprograms', { subjectId });
  expect(created.status).toBe(201);
  const tree = (await as(b, dev).get('/api/v1/categories')).body as Array<{
    id: number;
    name: string;
    children: Array<{ id: number }>;
  }>;
  const tools = tree.find((c) => c.name === '工具')!;
  const details = await as(b, dev).patch(`/api/v1/miniprograms/${created.body.id}`, {
    name: `多节点${serial}`,
    intro: '一个测试用的小程序',
    icon: PNG_ICON,
    categories: [{ firstId: tools.id, secondId: tools.children[0]!.id }],
  });
  expect(details.status, JSON.stringify(details.body)).toBe(200);
  const appid = details.body.app.appid as string;
  const secret = details.body.secret as string;

  const zip = await zipOf(sampleFiles('multi-node'));
  const uploaded = await fetch(`${b.url}/api/v1/code/${appid}/versions?version=1.0.0&desc=across`, {
    method: 'POST',
    headers: { 'content-type': 'application/zip', authorization: `Bearer ${dev}` },
    body: new Uint8Array(zip),
  });
  expect(uploaded.status, await uploaded.clone().text()).toBe(201);

  const token = await accessToken(a, appid, secret);
  const categories = await wx(b, '/wxa/get_category', token);
  const first = categories.category_list[0];
  const item = {
    address: 'pages/index/index',
    tag: '工具',
    first_class: first.first_class,
    second_class: first.second_class,
    first_id: first.first_id,
    second_id: first.second_id,
    title: '首页',
  };
  const submitted = await wx(b, '/wxa/submit_audit', token, { item_list: [item] });
  expect(submitted.errcode, JSON.stringify(submitted)).toBe(0);
  const reviewer = await admin(cluster, a);
  const approved = await as(a, reviewer).post(`/api/v1/review/audits/${submitted.auditid}/approve`);
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  expect((await wx(b, '/wxa/release', token, {})).errcode).toBe(0);

  for (const node of [a, b]) {
    const launch = await new ApiClient(node.url).get(`/api/v1/launch/${appid}`);
    expect(launch.status, `${node.name}: ${JSON.stringify(launch.body)}`).toBe(200);
    // Package files are served by the node's runtime listener, not the platform origin.
    expect(launch.body.packageBase.startsWith(node.runtimeUrl)).toBe(true);
    // Built files were written through B; both nodes read them from the shared store.
    for (const other of [a, b]) {
      const base = launch.body.packageBase.replace(node.runtimeUrl, other.runtimeUrl);
      const manifest = await fetch(`${base}_wharf/manifest.json`);
      expect(manifest.status, `${other.name} serving ${node.name}'s link`).toBe(200);
      const entry = await fetch(`${base}${launch.body.entryFile}`);
      expect(entry.status).toBe(200);
    }
  }
  return { dev, appid, secret, token };
}

describe('several Wharf nodes on one PostgreSQL (blobs in the database)', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster(2);
  }, 120_000);
  afterAll(() => cluster?.stop());

  it('reports database, blob store and one key fingerprint on every node, without secrets', async () => {
    const reports = await Promise.all(
      cluster.nodes.map(async (node) => (await new ApiClient(node.url).get('/healthz')).body),
    );
    for (const report of reports) {
      expect(report).toMatchObject({
        ok: true,
        database: { ok: true, dialect: 'postgres' },
        blobs: { ok: true, store: 'postgres' },
        key: { ok: true },
      });
      expect(JSON.stringify(report)).not.toContain(cluster.secretKey);
      expect(JSON.stringify(report)).not.toContain('wharf:wharf');
    }
    expect(reports[0].key.fingerprint).toMatch(/^[0-9a-f]{12}$/);
    expect(reports[1].key.fingerprint).toBe(reports[0].key.fingerprint);
  });

  let flow: Awaited<ReturnType<typeof mainFlowAcross>>;
  it('runs the main flow with each step on the other node, and serves the release from both', async () => {
    flow = await mainFlowAcross(cluster);
  }, 90_000);

  it('honours tokens across nodes: one stable_token from both, a secret reset on A kills the old token on B', async () => {
    const [a, b] = cluster.nodes as [Node, Node];
    const { dev, appid, secret, token } = flow;
    expect((await wx(b, '/wxa/get_category', token)).errcode).toBe(0);

    const stable = (node: Node) =>
      new ApiClient(node.url).post('/cgi-bin/stable_token', {
        grant_type: 'client_credential',
        appid,
        secret,
      });
    const answers = await Promise.all([stable(a), stable(b), stable(a), stable(b)]);
    const tokens = new Set(answers.map((answer) => answer.body.access_token));
    expect(tokens.size, JSON.stringify(answers.map((x) => x.body))).toBe(1);
    const [stableToken] = [...tokens] as [string];
    expect((await wx(a, '/wxa/get_category', stableToken)).errcode).toBe(0);

    const apps = (await as(a, dev).get('/api/v1/miniprograms')).body as Array<{ id: string; appid: string }>;
    const id = apps.find((app) => app.appid === appid)!.id;
    expect((await as(a, dev).post(`/api/v1/miniprograms/${id}/secret/reset`)).status).toBe(200);
    expect((await wx(b, '/wxa/get_category', token)).errcode).toBe(40001);
    expect((await wx(b, '/wxa/get_category', stableToken)).errcode).toBe(40001);
  }, 90_000);

  it('counts the mini program quota across nodes: five creates split over A and B, the sixth refused', async () => {
    const [a, b] = cluster.nodes as [Node, Node];
    const dev = await signUp(cluster, b);
    const subjectId = await verifiedSubject(a, dev);
    // All six at once, alternating nodes: the quota holds under a race, not only in sequence.
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        as(i % 2 === 0 ? a : b, dev).post('/api/v1/miniprograms', { subjectId }),
      ),
    );
    expect(answers.map((x) => x.status).sort()).toEqual([201, 201, 201, 201, 201, 409]);
    const seventh = await as(b, dev).post('/api/v1/miniprograms', { subjectId });
    expect(seventh.status).toBe(409);
  }, 60_000);

  it('refuses to start a node whose WHARF_SECRET_KEY differs, naming the setting', async () => {
    const refused = await cluster.start('C', { WHARF_SECRET_KEY: 'another-key-entirely' }).then(
      () => undefined,
      (error: { code?: number; output?: string }) => error,
    );
    expect(refused?.code).toBe(1);
    expect(refused?.output).toContain('WHARF_SECRET_KEY');
    expect(refused?.output).not.toContain('another-key-entirely');
    expect(refused?.output).not.toContain(cluster.secretKey);
    // Left to the default (a key per data folder), a node refuses too.
    const defaulted = await cluster.start('D', { WHARF_SECRET_KEY: '' }).then(
      () => undefined,
      (error: { code?: number; output?: string }) => error,
    );
    expect(defaulted?.output).toContain('WHARF_SECRET_KEY');
    // The running nodes are untouched.
    for (const node of cluster.nodes)
      expect((await new ApiClient(node.url).get('/healthz')).body.ok).toBe(true);
  }, 60_000);

  it("wharf migrate copies a former single node's data-folder blobs into the PostgreSQL store", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wharf-former-node-'));
    const former = new FsBlobStore(dir);
    const hashes = await Promise.all(
      ['one', 'two'].map((s) => former.put(new TextEncoder().encode(`old ${s}`))),
    );
    const first = await cluster.cli(['migrate'], { WHARF_DATA: dir });
    expect(first.stdout).toContain('2 copied');
    const again = await cluster.cli(['migrate'], { WHARF_DATA: dir });
    expect(again.stdout).toContain('0 copied');
    const store = openStore(cluster.databaseUrl);
    try {
      const rows = new DbBlobStore(store.db, 'postgres');
      for (const hash of hashes) expect(await rows.has(hash)).toBe(true);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('a third node joining later serves what the first two stored', async () => {
    const c = await cluster.start('C');
    const { appid } = flow;
    const launch = await new ApiClient(c.url).get(`/api/v1/launch/${appid}`);
    expect(launch.status).toBe(200);
    expect((await fetch(`${launch.body.packageBase}_wharf/manifest.json`)).status).toBe(200);
  }, 90_000);
});

describe('several Wharf nodes on one PostgreSQL, blobs in S3-compatible storage', () => {
  let s3: TestS3;
  let cluster: Cluster;
  beforeAll(async () => {
    s3 = await startTestS3();
    cluster = await startCluster(2, {
      WHARF_BLOB_URL: `s3://${await s3.bucket()}/wharf`,
      WHARF_S3_ENDPOINT: s3.endpoint,
      WHARF_S3_ACCESS_KEY_ID: s3.accessKeyId,
      WHARF_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    });
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
    await s3?.close();
  });

  it('reports the S3 store healthy and serves a package uploaded through B from A', async () => {
    for (const node of cluster.nodes)
      expect((await new ApiClient(node.url).get('/healthz')).body).toMatchObject({
        ok: true,
        blobs: { ok: true, store: 's3' },
      });
    await mainFlowAcross(cluster);
  }, 90_000);

  it('says the blob store is down in /healthz (503) when S3 is unreachable', async () => {
    const dead = await cluster.start('dead-s3', { WHARF_S3_ENDPOINT: 'http://127.0.0.1:9' });
    const health = await new ApiClient(dead.url).get('/healthz');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({
      ok: false,
      database: { ok: true },
      blobs: { ok: false, store: 's3' },
    });
    expect(JSON.stringify(health.body)).not.toContain(s3.secretAccessKey);
  }, 60_000);
});
