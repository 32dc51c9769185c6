/**
 * Reviewer preview (`preview.html?appid=&packageBase=&path=&scene=&query=&requestDomains=&webviewDomains=&envVersion=`):
 * mounts one version with the same runtime the client uses, with in-memory storage and
 * services that ask the reviewer instead of a real user.
 */
import {
  type EnvVersion,
  memoryStorageBackend,
  mountMiniProgram,
  type UserInfoResult,
} from '../host/index.ts';

const params = new URLSearchParams(location.search);
const appid = params.get('appid') ?? '';
const packageBase = params.get('packageBase') ?? '';
const runtimeBase = params.get('runtimeBase') ?? new URL('.', location.href).href;
const logPanel = document.getElementById('preview-log')!;
const bar = document.getElementById('preview-bar')!;

function log(level: string, text: string): void {
  const line = document.createElement('div');
  line.className = `preview-log-${level}`;
  line.textContent = `[${level}] ${text}`;
  logPanel.appendChild(line);
}

let csrfToken: Promise<string | undefined> | undefined;

/** A call of the client's API as the end user signed in to the client at this origin. */
async function clientCall<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  csrfToken ??= fetch('/api/v1/client/me', { credentials: 'same-origin' }).then(async (r) =>
    r.ok ? ((await r.json()) as { csrfToken: string }).csrfToken : undefined,
  );
  const csrf = await csrfToken;
  if (!csrf) throw new Error('sign in to the client (/client/) on this server first');
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { 'x-csrf-token': csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await response.json()) as T & { error?: { message?: string } };
  if (!response.ok) throw new Error(answer.error?.message ?? `HTTP ${response.status}`);
  return answer;
}

if (!appid || !packageBase) {
  log('error', 'preview.html needs ?appid=…&packageBase=…');
} else {
  const query = Object.fromEntries(new URLSearchParams(params.get('query') ?? ''));
  const envVersion = params.get('envVersion') ?? 'release';
  const handle = mountMiniProgram(document.getElementById('phone')!, {
    appid,
    envVersion: envVersion as EnvVersion,
    packageBase,
    runtimeBase,
    userId: 'reviewer',
    launch: { path: params.get('path') ?? '', query, scene: Number(params.get('scene') ?? 1001) },
    requestDomains: (params.get('requestDomains') ?? '').split(',').filter(Boolean),
    webviewDomains: (params.get('webviewDomains') ?? '').split(',').filter(Boolean),
    storage: memoryStorageBackend(),
    services: {
      // Real codes and open data for the end user signed in to the client on this server (its
      // session cookie): the mini program's server redeems them at /sns/jscode2session.
      login: async (ctx) =>
        clientCall<{ code: string }>('POST', `/api/v1/client/miniprograms/${ctx.appid}/login`),
      checkSession: async (ctx) =>
        (await clientCall<{ valid: boolean }>('GET', `/api/v1/client/miniprograms/${ctx.appid}/session`))
          .valid,
      // getUserProfile asks each time, showing the mini program's `desc`; getUserInfo answers the
      // anonymous profile without asking, as WeChat does since April 2021.
      getUserInfo: async (ctx, request) => {
        const lang = request.lang === 'zh_CN' || request.lang === 'zh_TW' ? request.lang : 'en';
        const anonymous = request.api !== 'getUserProfile';
        if (!anonymous && !window.confirm(`${appid} 申请获取你的昵称、头像\n${request.desc ?? ''}\n允许？`))
          return null;
        return clientCall<UserInfoResult>('POST', `/api/v1/client/miniprograms/${ctx.appid}/user-info`, {
          lang,
          ...(anonymous ? { anonymous: true } : {}),
        });
      },
      scanCode: async () => {
        const result = window.prompt('Scan result to return');
        return result === null ? null : { result, scanType: 'QR_CODE' };
      },
      requestSubscribeMessage: async (_ctx, { tmplIds }) =>
        Object.fromEntries(
          tmplIds.map((id) => [id, window.confirm(`Subscribe to ${id}?`) ? 'accept' : 'reject']),
        ),
      share: async (_ctx, share) => log('info', `share: ${JSON.stringify(share)}`),
      navigateToMiniProgram: async (_ctx, request) =>
        log('info', `navigateToMiniProgram: ${JSON.stringify(request)}`),
      exitMiniProgram: async () => log('info', 'exitMiniProgram'),
      navigateBackMiniProgram: async (_ctx, request) =>
        log('info', `navigateBackMiniProgram: ${JSON.stringify(request)}`),
      pageChanged: (_ctx, stack) => {
        title.textContent = `${appid} — ${stack[stack.length - 1] ?? ''}`;
      },
      log: (entry) =>
        log(entry.level, `${entry.message}${entry.file ? ` (${entry.file}:${entry.line ?? 0})` : ''}`),
    },
  });
  const title = document.createElement('span');
  title.textContent = appid;
  const back = document.createElement('button');
  back.textContent = '‹ back';
  back.addEventListener('click', () => void handle.navigateBack());
  const share = document.createElement('button');
  share.textContent = 'share';
  share.addEventListener('click', async () =>
    log('info', `share menu: ${JSON.stringify(await handle.requestShare())}`),
  );
  bar.append(back, title, share);
  handle.ready.then(
    ({ route, openToPaintMs }) => log('info', `painted ${route} in ${Math.round(openToPaintMs)} ms`),
    (error: Error) => log('error', error.message),
  );
}
