import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { makeZip } from '../src/features/code/package/zip-fixtures.ts';
import { ApiClient } from './client.ts';
import type { TestServer } from './harness.ts';
import { idNumber, registeredApp, verifiedIndividual } from './world.ts';

/** A small WeChat-format project: two pages, a list, a form, app-level files. */
export function sampleFiles(variant = 'v1'): Record<string, string> {
  return {
    'app.json': JSON.stringify({
      pages: ['pages/index/index', 'pages/form/form'],
      window: { navigationBarTitleText: `Sample ${variant}` },
    }),
    'app.js': 'App({ onLaunch() {} });',
    'app.wxss': 'page { background: #fff; }',
    'pages/index/index.wxml': '<view wx:for="{{items}}" wx:key="id">{{item.name}}</view>',
    'pages/index/index.js': `Page({ data: { items: [{ id: 1, name: '${variant}' }] }, onShareAppMessage() { return {}; } });`,
    'pages/index/index.json': '{}',
    'pages/form/form.wxml':
      '<form bindsubmit="submit"><input name="q"/><button form-type="submit">Go</button></form>',
    'pages/form/form.js': 'Page({ submit(e) { this.setData({ q: e.detail.value.q }); } });',
    'pages/form/form.wxss': '.x { color: red; }',
  };
}

export function zipOf(files: Record<string, string | Uint8Array>): Promise<Buffer> {
  return makeZip(Object.entries(files).map(([path, data]) => ({ path, data })));
}

export function projectDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-project-'));
  for (const [path, data] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), data);
  }
  return dir;
}

let serial = 500;

let people = 0;

/** Signs up (optionally with a role, through the service) and returns a Bearer-session client. */
export async function person(
  server: TestServer,
  role?: 'admin' | 'reviewer',
): Promise<{ client: ApiClient; token: string; email: string; id: string }> {
  people += 1;
  const email = `code${people}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
  const user = await server.ctx.accounts.createUser({
    email,
    password: 'password-123',
    role: role ?? 'developer',
  });
  const signin = await new ApiClient(server.url).post('/api/v1/auth/signin', {
    email,
    password: 'password-123',
  });
  const token = signin.body.token as string;
  return { client: new ApiClient(server.url, token), token, email, id: user.id };
}

export async function uploadZip(
  server: TestServer,
  appid: string,
  version: string,
  zip: Buffer,
  auth: { bearer?: string; key?: string },
): Promise<{ status: number; body: any }> {
  const response = await fetch(
    `${server.url}/api/v1/code/${appid}/versions?version=${version}&desc=d-${version}`,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/zip',
        ...(auth.bearer ? { authorization: `Bearer ${auth.bearer}` } : {}),
        ...(auth.key ? { 'x-wharf-upload-key': auth.key } : {}),
      },
      body: new Uint8Array(zip),
    },
  );
  return { status: response.status, body: await response.json() };
}

export interface CodeWorld {
  dev: ApiClient;
  devToken: string;
  reviewer: ApiClient;
  app: { id: string; appid: string; originalId: string };
  secret: string;
  token: string;
  /** WeChat-face call with the app's access token; body makes it a POST. */
  wx(path: string, body?: unknown): Promise<any>;
  upload(
    version: string,
    files?: Record<string, string | Uint8Array>,
  ): Promise<{ status: number; body: any }>;
  item(address?: string): Promise<Record<string, unknown>>;
}

/** A developer with an individual app (details complete, token issued) and a reviewer (admin). */
export async function codeWorld(server: TestServer, label = '代码'): Promise<CodeWorld> {
  const { client: dev, token: devToken } = await person(server);
  serial += 1;
  // One number per world: a second account with the same number waits for an admin's review.
  const subject = await verifiedIndividual(dev, idNumber(serial % 1000, '19850101'), '张三');
  const { app, secret } = await registeredApp(dev, subject.id, `${label}${serial}`);
  const { client: reviewer } = await person(server, 'reviewer');
  const issue = async () =>
    (
      await new ApiClient(server.url).get(
        `/cgi-bin/token?grant_type=client_credential&appid=${app.appid}&secret=${secret}`,
      )
    ).body.access_token as string;
  let token = await issue();
  const raw = new ApiClient(server.url);
  const world: CodeWorld = {
    dev,
    devToken,
    reviewer,
    app,
    secret,
    token,
    async wx(path, body) {
      const call = async () => {
        const url = `${path}${path.includes('?') ? '&' : '?'}access_token=${token}`;
        return (body === undefined ? await raw.get(url) : await raw.post(url, body)).body;
      };
      const answer = await call();
      if (answer?.errcode !== 42001) return answer;
      // Tests that move the clock past the token's two hours get a fresh token, as an SDK would.
      token = await issue();
      world.token = token;
      return call();
    },
    async upload(version, files = sampleFiles(version)) {
      return uploadZip(server, app.appid, version, await zipOf(files), { bearer: devToken });
    },
    async item(address = 'pages/index/index') {
      const categories = await world.wx('/wxa/get_category');
      const first = categories.category_list[0];
      return {
        address,
        tag: '工具 天气',
        first_class: first.first_class,
        second_class: first.second_class,
        first_id: first.first_id,
        second_id: first.second_id,
        title: '首页',
      };
    },
  };
  return world;
}

/** Uploads, submits, approves and releases a version; returns the version id. */
export async function releaseVersion(
  w: CodeWorld,
  version: string,
  files?: Record<string, string>,
): Promise<string> {
  const uploaded = await w.upload(version, files);
  if (uploaded.status !== 201) throw new Error(JSON.stringify(uploaded.body));
  const submitted = await w.wx('/wxa/submit_audit', { item_list: [await w.item()] });
  if (submitted.errcode !== 0) throw new Error(JSON.stringify(submitted));
  const approved = await w.reviewer.post(`/api/v1/review/audits/${submitted.auditid}/approve`);
  if (approved.status !== 200) throw new Error(JSON.stringify(approved.body));
  const released = await w.wx('/wxa/release', {});
  if (released.errcode !== 0) throw new Error(JSON.stringify(released));
  return uploaded.body.id as string;
}
