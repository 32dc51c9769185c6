import { ApiClient } from './client.ts';
import type { TestServer } from './harness.ts';
import { wechatApi } from './oa-world.ts';
import { idNumber, newDeveloper, registeredApp, verifiedIndividual } from './world.ts';

let serial = 800;

export interface OpenWorld {
  developer: ApiClient;
  subjectId: string;
  mp: { appid: string; secret: string; originalId: string };
  oa: { appid: string; secret: string };
  /** A WeChat call with the mini program's token (co-wechat-api fetched it). */
  mpCall: (path: string, body?: unknown) => Promise<any>;
  oaCall: (path: string, body?: unknown) => Promise<any>;
}

/** A verified individual with a mini program and a subscription account of the same subject. */
export async function openWorld(server: TestServer, label = '开放'): Promise<OpenWorld> {
  serial += 1;
  const developer = await newDeveloper(server.url, 'open');
  const subject = await verifiedIndividual(developer, idNumber(serial, '19920202'));
  const { app, secret } = await registeredApp(developer, subject.id, `${label}小程序${serial}`);
  const created = await developer.post('/api/v1/official-accounts', {
    subjectId: subject.id,
    name: `${label}订阅号${serial}`,
    type: 'subscription',
  });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  const oa = { appid: created.body.account.appid as string, secret: created.body.secret as string };
  return {
    developer,
    subjectId: subject.id,
    mp: { appid: app.appid, secret, originalId: app.originalId },
    oa,
    mpCall: await appCall(server.url, app.appid, secret),
    oaCall: await appCall(server.url, oa.appid, oa.secret),
  };
}

/** co-wechat-api for a mini program, with its sns prefix on the test server too. */
export function miniProgramApi(url: string, appid: string, secret: string) {
  const api = wechatApi(url, appid, secret);
  api.snsPrefix = `${url}/sns/`;
  return api;
}

/** A mobile app registered on an open-platform account the developer owns. */
export async function mobileApp(developer: ApiClient, openAppid: string, name = '码头 App') {
  const registered = await developer.post(`/api/v1/open-accounts/${openAppid}/mobile-apps`, {
    name,
    platform: 'android',
    bundleId: 'com.example.wharf',
    signature: '0123456789abcdef0123456789abcdef',
  });
  if (registered.status !== 201) throw new Error(JSON.stringify(registered.body));
  return registered.body as { app: { appid: string; name: string }; secret: string };
}

/** Calls a native route as a mobile app's server. */
export function asMobileApp(url: string, appid: string, secret: string) {
  return (path: string) =>
    new ApiClient(url).request('GET', path, undefined, {
      'x-wharf-app-id': appid,
      'x-wharf-app-secret': secret,
    });
}

/** A WeChat-face call with the app's token (co-wechat-api fetches it); the path may carry a query. */
export async function appCall(url: string, appid: string, secret: string) {
  const { accessToken } = await wechatApi(url, appid, secret).getAccessToken();
  return async (path: string, body?: unknown): Promise<any> => {
    const response = await fetch(
      `${url}${path}${path.includes('?') ? '&' : '?'}access_token=${accessToken}`,
      {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      },
    );
    return response.json();
  };
}
