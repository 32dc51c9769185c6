/**
 * The page stack, as WeChat runs it: at most 10 pages; tabBar pages stay alive once opened
 * and are reached only with switchTab; each page gets onLoad(query) → onShow → onReady,
 * onHide when covered, onUnload when popped. Navigations run one at a time.
 */
import type { Root } from 'glass-easel-miniprogram-adapter';
import type { WindowConfig } from '../shared/manifest.ts';
import type { AppRuntime, RuntimeError } from './app-runtime.ts';
import type { PageMeta } from './builtins/platform.ts';
import { flushWebViews } from './builtins/web-view.ts';
import type { Chrome } from './chrome.ts';
import { flushReady } from './component-lifetimes.ts';
import { quietly } from './dev/quiet.ts';
import { describeError, locateError } from './error-location.ts';
import { renderErrorPage } from './error-page.ts';
import { parsePageUrl } from './url.ts';

export const MAX_PAGE_STACK = 10;

export type PageInstance = Record<string, unknown> & {
  route: string;
  options: Record<string, string>;
  setData(data: Record<string, unknown>, callback?: () => void): void;
};

export interface PageRecord {
  route: string;
  query: Record<string, string>;
  container: HTMLElement;
  root?: Root;
  instance?: PageInstance;
  window: WindowConfig;
  meta: PageMeta;
  scrollY: number;
  failed: boolean;
  reachedBottom: boolean;
}

export class NavigationError extends Error {}

export interface PageStackHooks {
  reportError(error: RuntimeError): void;
  stackChanged(routes: string[]): void;
  firstPaint(route: string): void;
}

export class PageStack {
  private stack: PageRecord[] = [];
  private readonly tabPages = new Map<string, PageRecord>();
  private queue: Promise<unknown> = Promise.resolve();
  private painted = false;
  private loading: PageRecord | undefined;
  /** The page whose components are being created (page-meta looks its page up then). */
  private building: PageRecord | undefined;

  constructor(
    private readonly runtime: AppRuntime,
    private readonly chrome: Chrome,
    private readonly pagesRoot: HTMLElement,
    private readonly hooks: PageStackHooks,
  ) {}

  /** Includes a page while its onLoad runs, as WeChat's getCurrentPages() does. */
  get pages(): PageRecord[] {
    return this.loading ? [...this.stack, this.loading] : [...this.stack];
  }

  get current(): PageRecord | undefined {
    return this.stack[this.stack.length - 1];
  }

  /** The live page whose container holds `node`, or the one being built. */
  pageOf(node: Node): PageRecord | undefined {
    const candidates = [...this.stack, ...this.tabPages.values(), this.loading, this.building];
    return candidates.find((page) => page?.container.contains(node));
  }

  isTabPage(route: string): boolean {
    return (
      this.runtime.manifest.tabBar?.list.some((item) => item.pagePath.replace(/^\//, '') === route) ?? false
    );
  }

  hasPage(route: string): boolean {
    return route in this.runtime.manifest.pages;
  }

  private serial<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => {});
    return next;
  }

  private target(api: string, url: string) {
    const target = parsePageUrl(url, this.current?.route);
    if (!this.hasPage(target.route))
      throw new NavigationError(`${api}:fail page "${target.route}" is not found`);
    return target;
  }

  launch(route: string, query: Record<string, string>): Promise<void> {
    return this.serial(async () => {
      const page = await this.create(route, query);
      this.push(page);
    });
  }

  navigateTo(url: string): Promise<void> {
    return this.serial(async () => {
      const { route, query } = this.target('navigateTo', url);
      if (this.isTabPage(route))
        throw new NavigationError('navigateTo:fail can not navigateTo a tabbar page');
      if (this.stack.length >= MAX_PAGE_STACK)
        throw new NavigationError('navigateTo:fail webview count limit exceed');
      const page = await this.create(route, query, () => this.hide(this.current));
      this.push(page);
    });
  }

  redirectTo(url: string): Promise<void> {
    return this.serial(async () => {
      const { route, query } = this.target('redirectTo', url);
      if (this.isTabPage(route))
        throw new NavigationError('redirectTo:fail can not redirectTo a tabbar page');
      const page = await this.create(route, query, () => {
        const old = this.stack.pop();
        if (old) this.unload(old);
      });
      this.push(page);
    });
  }

  navigateBack(delta = 1): Promise<void> {
    return this.serial(async () => {
      if (this.stack.length <= 1)
        throw new NavigationError('navigateBack:fail cannot navigate back at first page.');
      const count = Math.min(Math.max(1, Math.floor(delta) || 1), this.stack.length - 1);
      for (let i = 0; i < count; i++) this.unload(this.stack.pop()!);
      this.show(this.current!);
      this.changed();
    });
  }

  switchTab(url: string): Promise<void> {
    return this.serial(async () => {
      const { route } = this.target('switchTab', url);
      if (!this.isTabPage(route))
        throw new NavigationError('switchTab:fail can not switch to no-tabBar page');
      if (this.current?.route === route && this.stack.length === 1) return;
      const leave = () => {
        const current = this.current;
        while (this.stack.length > 0) {
          const top = this.stack.pop()!;
          if (this.tabPages.get(top.route) !== top) this.unload(top);
          // A tab page under the current one is hidden already; it must not hear onHide twice.
          else if (top === current) this.hide(top);
        }
      };
      const existing = this.tabPages.get(route);
      if (existing) {
        leave();
        this.stack.push(existing);
        this.show(existing);
        this.changed();
      } else this.push(await this.create(route, {}, leave));
    });
  }

  reLaunch(url: string): Promise<void> {
    return this.serial(async () => {
      const { route, query } = this.target('reLaunch', url);
      const page = await this.create(route, query, () => {
        while (this.stack.length > 0) this.unload(this.stack.pop()!);
        for (const tab of this.tabPages.values()) this.unload(tab);
        this.tabPages.clear();
      });
      this.push(page);
    });
  }

  /** Calls a page hook; an exception is reported, never thrown into the runtime. */
  call(page: PageRecord, hook: string, ...args: unknown[]): unknown {
    const fn = page.instance?.[hook];
    if (typeof fn !== 'function') return undefined;
    try {
      return (fn as (...a: unknown[]) => unknown).apply(page.instance, args);
    } catch (error) {
      this.hooks.reportError({ message: describeError(error), ...locateError(error) });
      return undefined;
    }
  }

  /**
   * Loads a page's chunks, then runs `leave` (the old page's onHide / onUnload) before the new
   * page's onLoad, in WeChat's order, while the old page stays on screen during the fetch.
   */
  private async create(
    route: string,
    query: Record<string, string>,
    leave: () => void = () => {},
  ): Promise<PageRecord> {
    const entry = this.runtime.manifest.pages[route]!;
    const container = document.createElement('div');
    // Laid out (invisibly) while it is built, so components measuring themselves in `ready`
    // (createSelectorQuery) get real sizes, as after WeChat's first render; shown by show().
    container.className = 'wx-page-host wx-page-entering';
    container.hidden = true;
    this.pagesRoot.appendChild(container);
    const page: PageRecord = {
      route,
      query,
      container,
      window: { ...entry.window },
      meta: {},
      scrollY: 0,
      failed: false,
      reachedBottom: false,
    };
    let chunkError: RuntimeError | undefined;
    try {
      await this.runtime.loadChunks(entry.chunks);
    } catch (error) {
      chunkError = { message: describeError(error) };
    }
    leave();
    if (chunkError) return this.fail(page, chunkError);
    const buildError = entry.error ?? this.runtime.templateErrors.get(route);
    if (buildError) return this.fail(page, buildError);
    const definitionError = this.runtime.definitionErrors.get(route);
    if (definitionError) return this.fail(page, definitionError);
    try {
      const placeholder = document.createElement('span');
      container.appendChild(placeholder);
      const root = this.runtime.backend.createRoot('page', this.runtime.codeSpace, route);
      this.building = page;
      try {
        root.attach(container as never, placeholder as never);
      } finally {
        this.building = undefined;
      }
      (root.getComponent().getBackendElement() as unknown as HTMLElement).setAttribute('wx-route', route);
      page.root = root;
      const instance = root.get() as unknown as PageInstance;
      Object.assign(instance, { route, __route__: route, options: { ...query } });
      page.instance = instance;
    } catch (error) {
      quietly(() => console.error(error));
      return this.fail(page, { message: describeError(error), ...locateError(error) });
    }
    this.loading = page;
    const loadError = this.capture(() => this.callStrict(page, 'onLoad', { ...query }));
    this.loading = undefined;
    if (loadError) return this.fail(page, loadError);
    return page;
  }

  private callStrict(page: PageRecord, hook: string, ...args: unknown[]): void {
    const fn = page.instance?.[hook];
    if (typeof fn === 'function') (fn as (...a: unknown[]) => unknown).apply(page.instance, args);
  }

  private capture(run: () => void): RuntimeError | undefined {
    try {
      run();
      return undefined;
    } catch (error) {
      return { message: describeError(error), ...locateError(error) };
    }
  }

  private fail(page: PageRecord, error: RuntimeError): PageRecord {
    page.failed = true;
    page.root?.release();
    page.root = undefined;
    page.instance = undefined;
    renderErrorPage(page.container, '页面出错 (page error)', error);
    this.hooks.reportError(error);
    return page;
  }

  private push(page: PageRecord): void {
    this.stack.push(page);
    if (this.isTabPage(page.route)) this.tabPages.set(page.route, page);
    this.show(page);
    this.changed();
    requestAnimationFrame(() => {
      // Every component of the page is ready (children first) before the page's onReady.
      flushReady();
      if (!page.failed) this.call(page, 'onReady');
      if (!this.painted) {
        this.painted = true;
        performance.mark('wharf:frame:painted');
        this.hooks.firstPaint(page.route);
      }
    });
  }

  private show(page: PageRecord): void {
    page.container.classList.remove('wx-page-entering');
    page.container.hidden = false;
    this.chrome.showPage(page, this.stack.length, this.isTabPage(page.route));
    window.scrollTo(0, page.scrollY);
    if (page.failed) return;
    this.call(page, 'onShow');
    page.root?.getComponent().triggerPageLifetime('show', []);
  }

  private hide(page: PageRecord | undefined): void {
    if (!page) return;
    page.scrollY = window.scrollY;
    page.container.hidden = true;
    if (page.failed) return;
    this.call(page, 'onHide');
    page.root?.getComponent().triggerPageLifetime('hide', []);
  }

  private unload(page: PageRecord): void {
    // WeChat hands a web-view's messages to bindmessage when its page is left.
    flushWebViews(page.container);
    if (!page.failed) this.call(page, 'onUnload');
    page.root?.release();
    page.container.remove();
    if (this.tabPages.get(page.route) === page) this.tabPages.delete(page.route);
  }

  private changed(): void {
    this.hooks.stackChanged(this.stack.map((p) => p.route));
  }

  /** App went to the background / came back: the current page hears it too. */
  appHidden(): void {
    const page = this.current;
    if (page && !page.failed) {
      this.call(page, 'onHide');
      page.root?.getComponent().triggerPageLifetime('hide', []);
    }
  }

  appShown(): void {
    const page = this.current;
    if (page && !page.failed) {
      this.call(page, 'onShow');
      page.root?.getComponent().triggerPageLifetime('show', []);
    }
  }
}
