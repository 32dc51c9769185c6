/**
 * Reviewer preview (`preview.html?appid=&packageBase=&path=&scene=&query=&requestDomains=&envVersion=`):
 * mounts one version with the same runtime the client uses, with in-memory storage and
 * services that ask the reviewer instead of a real user.
 */
import { type EnvVersion, memoryStorageBackend, mountMiniProgram } from '../host/index.ts';

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

if (!appid || !packageBase) {
  log('error', 'preview.html needs ?appid=…&packageBase=…');
} else {
  const query = Object.fromEntries(new URLSearchParams(params.get('query') ?? ''));
  const envVersion = params.get('envVersion') ?? 'release';
  // A session exists once the mini program has logged in during this preview.
  let loggedIn = false;
  const handle = mountMiniProgram(document.getElementById('phone')!, {
    appid,
    envVersion: envVersion as EnvVersion,
    packageBase,
    runtimeBase,
    userId: 'reviewer',
    launch: { path: params.get('path') ?? '', query, scene: Number(params.get('scene') ?? 1001) },
    requestDomains: (params.get('requestDomains') ?? '').split(',').filter(Boolean),
    storage: memoryStorageBackend(),
    services: {
      login: async () => {
        loggedIn = true;
        return { code: `preview-${crypto.randomUUID()}` };
      },
      checkSession: async () => loggedIn,
      getUserInfo: async () =>
        window.confirm('The mini program asks for the user profile. Allow?')
          ? {
              userInfo: {
                nickName: 'Reviewer',
                avatarUrl: '',
                gender: 0,
                country: '',
                province: '',
                city: '',
                language: 'zh_CN',
              },
            }
          : null,
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
