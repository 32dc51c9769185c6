/** The shape of `_wharf/manifest.json`, the first file the runtime fetches for a version. */

export const MANIFEST_PATH = '_wharf/manifest.json';
export const MANIFEST_FORMAT = 1;

export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** The `window` block of app.json, merged with a page's own JSON for each page. */
export interface WindowConfig {
  navigationBarTitleText?: string;
  navigationBarBackgroundColor?: string;
  navigationBarTextStyle?: 'black' | 'white';
  navigationStyle?: 'default' | 'custom';
  backgroundColor?: string;
  backgroundTextStyle?: 'dark' | 'light';
  enablePullDownRefresh?: boolean;
  onReachBottomDistance?: number;
}

export interface TabBarItem {
  pagePath: string;
  text: string;
  iconPath?: string;
  selectedIconPath?: string;
}

export interface TabBarConfig {
  color?: string;
  selectedColor?: string;
  backgroundColor?: string;
  borderStyle?: 'black' | 'white';
  position?: 'bottom' | 'top';
  list: TabBarItem[];
}

export interface PageEntry {
  /** Chunk files (paths relative to the package base) to load before the page can open, in order. */
  chunks: string[];
  window: WindowConfig;
  /** Set when the page's WXML or JS failed to build: the runtime shows the error page. */
  error?: Diagnostic;
}

export interface BuiltManifest {
  format: typeof MANIFEST_FORMAT;
  entryPagePath: string;
  pages: Record<string, PageEntry>;
  /** Chunks needed before any page: app.js, app.wxss and their dependencies. */
  appChunks: string[];
  window: WindowConfig;
  tabBar?: TabBarConfig;
  /** Subpackage roots, kept for `wx.loadSubpackage`-style bookkeeping; pages load lazily anyway. */
  subpackageRoots: string[];
  /** app.js failed to build. */
  appError?: Diagnostic;
  diagnostics: Diagnostic[];
}
