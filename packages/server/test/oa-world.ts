import WechatAPI from 'co-wechat-api';
import { ApiClient } from './client.ts';
import type { TestServer } from './harness.ts';
import { creditCode, idNumber, newDeveloper, verifiedIndividual } from './world.ts';

let serial = 600;

/** co-wechat-api pointed at the test server, as an integrator would configure it. */
export function wechatApi(url: string, appid: string, secret: string): WechatAPI {
  const api = new WechatAPI(appid, secret);
  api.prefix = `${url}/cgi-bin/`;
  api.wxaPrefix = `${url}/wxa/`;
  return api;
}

export interface AccountWorld {
  developer: ApiClient;
  subjectId: string;
  account: { id: string; appid: string; originalId: string; name: string; type: string };
  secret: string;
}

/** A verified individual developer with a subscription account. */
export async function individualAccount(
  server: TestServer,
  name = `订阅号${++serial}`,
): Promise<AccountWorld> {
  const developer = await newDeveloper(server.url, 'oa');
  const subject = await verifiedIndividual(developer, idNumber(++serial, '19880808'));
  const created = await developer.post('/api/v1/official-accounts', {
    subjectId: subject.id,
    name,
    type: 'subscription',
  });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  return { developer, subjectId: subject.id, ...created.body };
}

/** An organisation (approved by an admin) with a service account. */
export async function organisationAccount(
  server: TestServer,
  admin: ApiClient,
  name = `服务号${++serial}`,
): Promise<AccountWorld> {
  const developer = await newDeveloper(server.url, 'org');
  const submitted = await developer.post('/api/v1/subjects', {
    type: 'enterprise',
    name: `公司${serial}`,
    idNumber: creditCode(++serial),
  });
  if (submitted.status !== 201) throw new Error(JSON.stringify(submitted.body));
  const approved = await admin.post(`/api/v1/admin/subjects/${submitted.body.id}/approve`);
  if (approved.status !== 200) throw new Error(JSON.stringify(approved.body));
  const created = await developer.post('/api/v1/official-accounts', {
    subjectId: submitted.body.id,
    name,
    type: 'service',
  });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  return { developer, subjectId: submitted.body.id, ...created.body };
}

/** End users made in bulk through the service (as the demo does), each signed in to the client. */
export async function endUsers(server: TestServer, count: number, label = 'eu') {
  serial += 1;
  const made = await server.ctx.endUsers.createMany(
    Array.from({ length: count }, (_, i) => ({
      username: `${label}${serial}_${i}`,
      password: 'password-123',
      nickname: `用户${i}`,
      sex: (i % 2) + 1,
      city: 'Shenzhen',
    })),
  );
  return Promise.all(
    made.map(async (user) => ({
      ...user,
      client: await new ApiClient(server.url).signInEndUser(user.username, 'password-123'),
    })),
  );
}

/** An official account created by the developer of a code world, with the same subject. */
export async function accountOf(world: { dev: ApiClient }, name = `关联号${++serial}`) {
  const subjects = (await world.dev.get('/api/v1/subjects')).body as Array<{ id: string }>;
  const created = await world.dev.post('/api/v1/official-accounts', {
    subjectId: subjects[0]!.id,
    name,
    type: 'subscription',
  });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  return created.body as { account: AccountWorld['account']; secret: string };
}

/** A WeChat-face call of an official account: co-wechat-api's own token, raw JSON answers. */
export async function oaCall(url: string, appid: string, secret: string) {
  const api = wechatApi(url, appid, secret);
  const { accessToken } = await api.getAccessToken();
  return async (path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}?access_token=${accessToken}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return response.json() as Promise<any>;
  };
}
