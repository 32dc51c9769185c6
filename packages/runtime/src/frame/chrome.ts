/**
 * The frame's own UI around pages: the navigation bar (title, colours, back) and the tabBar,
 * both from app.json / page JSON. Plain DOM outside glass-easel, so page code never sees it.
 */
import type { TabBarConfig, WindowConfig } from '../shared/manifest.ts';
import type { PageMeta } from './builtins/platform.ts';

export interface ChromePage {
  route: string;
  window: WindowConfig;
  /** From `<page-meta>` / `<navigation-bar>`. */
  meta?: PageMeta;
}

export class Chrome {
  readonly navigationBar = document.createElement('div');
  private readonly backButton = document.createElement('button');
  private readonly title = document.createElement('div');
  private readonly loading = document.createElement('span');
  readonly tabBar = document.createElement('div');
  private readonly tabItems: Array<{ route: string; element: HTMLElement; icon: HTMLImageElement | null }> =
    [];
  private current: ChromePage | undefined;
  /** wx.hideTabBar lasts across tab switches until wx.showTabBar, as in WeChat. */
  private tabBarHiddenByApp = false;

  constructor(
    private readonly tabConfig: TabBarConfig | undefined,
    private readonly assetUrl: (path: string) => string,
    private readonly onBack: () => void,
    private readonly onTab: (route: string, index: number, text: string) => void,
  ) {
    this.navigationBar.className = 'wx-navigation-bar';
    this.backButton.className = 'wx-navigation-back';
    this.backButton.type = 'button';
    this.backButton.setAttribute('aria-label', '返回');
    this.backButton.textContent = '‹';
    this.backButton.addEventListener('click', () => this.onBack());
    this.title.className = 'wx-navigation-title';
    this.loading.className = 'wx-navigation-loading';
    this.loading.hidden = true;
    this.navigationBar.append(this.backButton, this.loading, this.title);
    this.tabBar.className = 'wx-tab-bar';
    this.tabBar.hidden = true;
    if (tabConfig) this.buildTabBar(tabConfig);
  }

  private buildTabBar(config: TabBarConfig): void {
    if (config.backgroundColor) this.tabBar.style.backgroundColor = config.backgroundColor;
    if (config.borderStyle === 'white') this.tabBar.classList.add('wx-tab-bar-white-border');
    for (const [index, item] of config.list.entries()) {
      const route = item.pagePath.replace(/^\//, '');
      const element = document.createElement('button');
      element.type = 'button';
      element.className = 'wx-tab-bar-item';
      element.dataset.route = route;
      let icon: HTMLImageElement | null = null;
      if (item.iconPath) {
        icon = document.createElement('img');
        icon.className = 'wx-tab-bar-icon';
        icon.alt = '';
        element.appendChild(icon);
      }
      const text = document.createElement('span');
      text.className = 'wx-tab-bar-text';
      text.textContent = item.text;
      element.appendChild(text);
      element.addEventListener('click', () => this.onTab(route, index, item.text));
      this.tabBar.appendChild(element);
      this.tabItems.push({ route, element, icon });
    }
  }

  showPage(page: ChromePage, depth: number, isTab: boolean): void {
    this.current = page;
    const window = page.window;
    this.navigationBar.hidden = window.navigationStyle === 'custom';
    document.body.classList.toggle('wx-custom-navigation', window.navigationStyle === 'custom');
    this.backButton.hidden = depth <= 1;
    this.title.textContent = window.navigationBarTitleText ?? '';
    this.applyPage(page);
    const tabBarShown = isTab && !this.tabBarHiddenByApp;
    this.tabBar.hidden = !tabBarShown;
    document.body.classList.toggle('wx-with-tab-bar', tabBarShown);
    for (const item of this.tabItems) {
      const selected = item.route === page.route;
      item.element.classList.toggle('wx-tab-bar-selected', selected);
      item.element.setAttribute('aria-selected', String(selected));
      const config = this.tabConfig?.list.find((i) => i.pagePath.replace(/^\//, '') === item.route);
      item.element.style.color = (selected ? this.tabConfig?.selectedColor : this.tabConfig?.color) ?? '';
      const iconPath = selected ? (config?.selectedIconPath ?? config?.iconPath) : config?.iconPath;
      if (item.icon && iconPath) item.icon.src = this.assetUrl(iconPath.replace(/^\//, ''));
    }
  }

  /** `animation` only for a change on the page shown: a page that appears has its colours at once. */
  private applyColors(window: WindowConfig, animation?: PageMeta['colorAnimation']): void {
    this.navigationBar.style.transition = animation
      ? `background-color ${animation.duration}ms ${animation.timing}, color ${animation.duration}ms ${animation.timing}`
      : '';
    this.navigationBar.style.backgroundColor = window.navigationBarBackgroundColor ?? '#000000';
    this.navigationBar.style.color = window.navigationBarTextStyle === 'black' ? '#000000' : '#ffffff';
  }

  /** Bar colours, the window's background and text style, and the root font size and background. */
  private applyPage(page: ChromePage, animate = false): void {
    this.applyColors(page.window, animate ? page.meta?.colorAnimation : undefined);
    document.body.style.backgroundColor = page.window.backgroundColor ?? '';
    document.body.dataset.wxBackgroundText = page.window.backgroundTextStyle ?? 'dark';
    document.documentElement.style.fontSize = page.meta?.rootFontSize ?? '';
    document.documentElement.style.backgroundColor = page.meta?.rootBackgroundColor ?? '';
    if (page.meta?.loading !== undefined) this.setLoading(page.meta.loading);
  }

  /** Redraws the bar if `page` is the one shown (a page may retitle itself during onLoad, before it shows). */
  refresh(page: ChromePage): void {
    if (page !== this.current) return;
    this.title.textContent = page.window.navigationBarTitleText ?? '';
    this.applyPage(page, true);
  }

  setLoading(visible: boolean): void {
    this.loading.hidden = !visible;
  }

  setTabBarVisible(visible: boolean): void {
    this.tabBarHiddenByApp = !visible;
    if (!this.current) return;
    const isTab =
      this.tabConfig?.list.some((i) => i.pagePath.replace(/^\//, '') === this.current?.route) ?? false;
    // The bar belongs to tab pages only: showTabBar on another page does not draw it there.
    const shown = visible && isTab;
    this.tabBar.hidden = !shown;
    document.body.classList.toggle('wx-with-tab-bar', shown);
  }
}
