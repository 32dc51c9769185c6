/**
 * `wharf dev`'s page: the mini program in a phone-sized runtime frame, a launch panel (page,
 * query, scene), the panels (console with every `wx.*` call, AppData, WXML, storage), and an
 * overlay for build diagnostics and runtime errors with file and line. Each rebuild the server
 * announces remounts the app with the page stack it had (the pages that still exist), with
 * the same storage.
 */
import {
  type MiniProgramHandle,
  memoryStorageBackend,
  mountMiniProgram,
  type PageRef,
  preloadMiniProgramRuntime,
  type StorageBackend,
} from '../host/index.ts';
import { type BuiltManifest, type Diagnostic, MANIFEST_PATH } from '../shared/manifest.ts';
import { initTexts, switchLanguage, type TextKey, t } from './dev-i18n.ts';
import { DevSession, logLine as log, pageUrl, renderStorage } from './dev-panels.ts';
import type { DevBuild, DevState } from './protocol.ts';

/** The scenes a developer most often tests (WeChat's scene values). */
const SCENES: Array<[number, string, string]> = [
  [1001, '发现栏小程序主入口', 'Discover entry'],
  [1007, '单人聊天会话中的小程序消息卡片', 'Card in a one-to-one chat'],
  [1008, '群聊会话中的小程序消息卡片', 'Card in a group chat'],
  [1011, '扫描二维码', 'Scanned QR code'],
  [1014, '小程序订阅消息', 'Subscription message'],
  [1035, '公众号自定义菜单', 'Official account menu'],
  [1037, '小程序打开小程序', 'Opened by another mini program'],
  [1047, '扫描小程序码', 'Scanned mini program code'],
  [1089, '微信聊天主界面下拉', 'Recent list (pull down)'],
];

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
/** One user, kept for the page's life: every remount sees the same storage. */
const DEVELOPER = 'developer';
const memory = memoryStorageBackend();
const storage: StorageBackend = {
  load: memory.load,
  save(appid, userId, entries) {
    memory.save(appid, userId, entries);
    showStorage();
  },
};
let state: DevState;
let session = new DevSession();
/**
 * The last page stack a frame reported (a frame reports once its restored pages are open).
 * Kept across mounts: saves in quick succession remount before the newest frame has reported.
 */
let lastStack: PageRef[] = [];
let handle: MiniProgramHandle | undefined;
let manifest: BuiltManifest | undefined;
let runtimeErrors: Array<{ message: string; file?: string; line?: number }> = [];

function render(): void {
  document.title = t('title');
  for (const element of document.querySelectorAll<HTMLElement>('[data-text]'))
    element.textContent = t(element.dataset.text as TextKey);
  const scene = $<HTMLSelectElement>('dev-scene');
  const chosen = scene.value || '1001';
  scene.replaceChildren(
    ...SCENES.map(([value, zh, en]) => {
      const option = document.createElement('option');
      option.value = String(value);
      option.textContent = `${value} ${document.documentElement.lang === 'en' ? en : zh}`;
      return option;
    }),
  );
  scene.value = chosen;
  renderOverlay();
  session.renderPage();
  showStorage();
}

function showStorage(): void {
  if (state) renderStorage(memory.load(state.appid, DEVELOPER), removeStorage);
}

/** The storage panel's remove and clear: through the running app when there is one, so it forgets them too. */
function removeStorage(keys?: string[]): void {
  if (handle) {
    handle.clearStorage(keys);
    return;
  }
  const entries = memory.load(state.appid, DEVELOPER);
  for (const key of keys ?? Object.keys(entries)) delete entries[key];
  storage.save(state.appid, DEVELOPER, entries);
}

const where = (file?: string, line?: number, column?: number) =>
  file ? `${file}${line ? `:${line}${column ? `:${column}` : ''}` : ''}` : '';

function renderOverlay(): void {
  const overlay = $('dev-overlay');
  const build = state?.build;
  const items: Array<{ heading: string; rows: string[] }> = [];
  if (build?.failure) items.push({ heading: t('buildFailed'), rows: [build.failure] });
  if (build && build.diagnostics.length > 0)
    items.push({
      heading: t('buildErrors'),
      rows: build.diagnostics.map((d: Diagnostic) => `${where(d.file, d.line, d.column)}  ${d.message}`),
    });
  if (runtimeErrors.length > 0)
    items.push({
      heading: t('runtimeError'),
      rows: runtimeErrors.map((e) => `${where(e.file, e.line)}  ${e.message}`),
    });
  overlay.hidden = items.length === 0;
  const body = $('dev-overlay-body');
  body.replaceChildren(
    ...items.flatMap(({ heading, rows }) => {
      const h = document.createElement('h2');
      h.textContent = heading;
      return [
        h,
        ...rows.map((row) => {
          const pre = document.createElement('pre');
          pre.textContent = row;
          return pre;
        }),
      ];
    }),
  );
}

async function loadManifest(packageBase: string): Promise<void> {
  try {
    const response = await fetch(`${packageBase}/${MANIFEST_PATH}`);
    manifest = (await response.json()) as BuiltManifest;
  } catch {
    manifest = undefined;
  }
  const select = $<HTMLSelectElement>('dev-path');
  const current = select.value;
  select.replaceChildren(
    ...Object.keys(manifest?.pages ?? {}).map((route) => {
      const option = document.createElement('option');
      option.value = route;
      option.textContent = route;
      return option;
    }),
  );
  if (current && manifest?.pages[current]) select.value = current;
  else if (manifest) select.value = manifest.entryPagePath;
}

/**
 * Mounts the current build: a launch opens the launch panel's page, query and scene; a reload
 * opens the page stack the app had, as far as its pages still exist.
 */
function mount(reason: 'launch' | 'reload'): void {
  const packageBase = state.build.packageBase;
  if (!packageBase) return;
  handle?.destroy();
  runtimeErrors = [];
  renderOverlay();
  const startedAt = performance.now();
  const kept: PageRef[] = [];
  if (reason === 'reload')
    for (const page of lastStack) {
      if (!manifest?.pages[page.route]) break;
      kept.push(page);
    }
  const path = kept[0]?.route ?? $<HTMLSelectElement>('dev-path').value;
  const query =
    kept[0]?.query ?? Object.fromEntries(new URLSearchParams($<HTMLInputElement>('dev-query').value));
  const mine = new DevSession();
  session = mine;
  const mounted = mountMiniProgram($('dev-phone'), {
    appid: state.appid,
    envVersion: 'develop',
    packageBase,
    runtimeBase: state.runtimeBase,
    userId: DEVELOPER,
    launch: { path, query, scene: Number($<HTMLSelectElement>('dev-scene').value || 1001) },
    requestDomains: [],
    // WeChat developer tools' 不校验合法域名: a local project has no configured domains.
    skipDomainCheck: true,
    storage,
    devtools: {
      restore: kept.slice(1),
      onEvent: (event) => {
        mine.handle(event);
        if (event.kind === 'page' && event.stack.length > 0 && session === mine) lastStack = event.stack;
      },
    },
    services: {
      scanCode: async () => {
        const result = window.prompt('wx.scanCode');
        return result === null ? null : { result, scanType: 'QR_CODE' };
      },
      share: async (_ctx, share) => log('info', `share ${JSON.stringify(share)}`),
      navigateToMiniProgram: async (_ctx, request) =>
        log('info', `navigateToMiniProgram ${JSON.stringify(request)}`),
      exitMiniProgram: async () => log('info', 'exitMiniProgram'),
      navigateBackMiniProgram: async (_ctx, request) =>
        log('info', `navigateBackMiniProgram ${JSON.stringify(request)}`),
      log: (entry) => {
        log(entry.level, `${entry.message}${entry.file ? ` (${where(entry.file, entry.line)})` : ''}`);
        if (entry.level === 'error') {
          runtimeErrors.push({ message: entry.message, file: entry.file, line: entry.line });
          renderOverlay();
        }
      },
    },
  });
  handle = mounted;
  mounted.ready.then(
    ({ route }) => {
      if (handle !== mounted) return;
      const ms = Math.round(performance.now() - startedAt);
      log('info', t(reason === 'reload' ? 'reloaded' : 'painted', { route, ms }));
      if (kept.length > 1) log('info', t('restored', { stack: kept.map(pageUrl).join(' › ') }));
      document.body.dataset.painted = String(state.build.generation);
    },
    (error: Error) => log('error', error.message),
  );
}

let appliedGeneration = -1;

async function applyBuild(build: DevBuild, reason: 'launch' | 'reload'): Promise<void> {
  if (build.generation <= appliedGeneration) return;
  appliedGeneration = build.generation;
  const changed = build.packageBase !== state.build.packageBase || reason === 'launch';
  state.build = build;
  for (const path of build.skipped) log('warn', t('skipped', { path }));
  if (build.failure) log('error', build.failure);
  else
    log(
      build.diagnostics.length > 0 ? 'warn' : 'info',
      t('built', { files: `#${build.generation}`, ms: build.buildMs }),
    );
  for (const d of build.diagnostics) log('error', `${where(d.file, d.line, d.column)} ${d.message}`);
  renderOverlay();
  if (!changed || !build.packageBase) return;
  await loadManifest(build.packageBase);
  mount(reason);
}

async function start(): Promise<void> {
  await initTexts();
  state = (await (await fetch('/state')).json()) as DevState;
  const first = state.build;
  $('dev-project').textContent = `${state.appid} · ${state.project}`;
  render();
  for (const tab of document.querySelectorAll<HTMLButtonElement>('[data-panel]'))
    tab.addEventListener('click', () => showPanel(tab.dataset.panel!));
  $('dev-storage-clear').addEventListener('click', () => removeStorage());
  // Each reload then opens in a frame that booted while the developer was typing.
  await preloadMiniProgramRuntime(state.runtimeBase);
  await applyBuild(first, 'launch');
  const events = new EventSource('/events');
  events.addEventListener('build', (event) => {
    void applyBuild(JSON.parse((event as MessageEvent<string>).data) as DevBuild, 'reload');
  });
  $('dev-relaunch').addEventListener('click', () => mount('launch'));
  $('dev-back').addEventListener('click', () => void handle?.navigateBack());
  $('dev-share').addEventListener('click', async () =>
    log('info', `share ${JSON.stringify(await handle?.requestShare())}`),
  );
  $('dev-clear').addEventListener('click', () => $('dev-console').replaceChildren());
  $('dev-dismiss').addEventListener('click', () => {
    $('dev-overlay').hidden = true;
  });
  $('dev-language').addEventListener('click', async () => {
    await switchLanguage();
    render();
  });
}

/** The tabbed panels under the console: AppData, WXML, storage. */
function showPanel(name: string): void {
  for (const tab of document.querySelectorAll<HTMLElement>('[data-panel]'))
    tab.setAttribute('aria-selected', String(tab.dataset.panel === name));
  for (const panel of document.querySelectorAll<HTMLElement>('.dev-panel'))
    panel.hidden = panel.id !== `dev-panel-${name}`;
}

void start();
