import type { WindowConfig } from '../../shared/manifest.ts';

/** What builtin components need from the rest of the frame; filled in once the app runs. */
export interface BuiltinPlatform {
  /** Settles when the navigation has run (rejects when the page stack refused it). */
  navigate(openType: string, url: string, delta: number): Promise<void>;
  /** `<button open-type="share">`: asks the current page for its share content and hands it to the host. */
  shareFromButton(target: { id: string; dataset: Record<string, unknown> }): void;
  /** `<button open-type="getUserInfo">` and friends: resolves to the event detail. */
  openTypeDetail(openType: string, args?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** `<form report-submit>`: a form_id the host's server knows, or a mock one without a host. */
  formId(): Promise<string>;
  /** `<picker>`: resolves to the chosen value (region: `{ value, code }`), or null when cancelled. */
  pick(options: PickerRequest): Promise<unknown>;
  resolveAsset(path: string, fromComponent: string): string;
  /** The page holding `node` (also while it is being built), for page-meta and navigation-bar. */
  pageChrome(node: HTMLElement): PageChromeHandle | null;
  /** How this run started: the cold start's scene and the version running. */
  started: { scene: number; envVersion: string };
  reportError(error: unknown): void;
  /** A call the host answers (`<camera>` runs there); rejects with the host's `errMsg`. */
  callHost<T = Record<string, unknown>>(api: string, args: Record<string, unknown>): Promise<T>;
}

/** What `<page-meta>` / `<navigation-bar>` change on their page; `refresh` redraws it if it is shown. */
export interface PageChromeHandle {
  window: WindowConfig;
  meta: PageMeta;
  /** The page's root node (`page` in WXSS). */
  pageElement: HTMLElement;
  refresh(): void;
  setLoading(visible: boolean): void;
  isCurrent(): boolean;
}

/** Page settings only page-meta / navigation-bar make (no page JSON field holds them). */
export interface PageMeta {
  rootFontSize?: string;
  rootBackgroundColor?: string;
  colorAnimation?: { duration: number; timing: string };
  /** navigation-bar `loading`; unset leaves the bar's loading as wx.show/hideNavigationBarLoading made it. */
  loading?: boolean;
}

export type PickerRequest =
  | { mode: 'selector'; items: string[]; value: number }
  | { mode: 'multiSelector'; columns: string[][]; value: number[] }
  | { mode: 'date' | 'time'; value: string; start?: string; end?: string }
  | { mode: 'region'; value: string[]; customItem: string; level: string };

export const platform: BuiltinPlatform = {
  navigate: async () => {},
  shareFromButton: () => {},
  openTypeDetail: async (openType) => ({ errMsg: `${openType}:fail not supported` }),
  formId: async () => mockFormId(),
  pick: async () => null,
  resolveAsset: (path) => path,
  pageChrome: () => null,
  started: { scene: 1001, envVersion: 'release' },
  reportError: (error) => console.error(error),
  callHost: async (api) => {
    throw new Error(`${api}:fail not supported`);
  },
};

/** What WeChat's devtools hand out too: an id no server will accept ("the formId is a mock one"). */
export const mockFormId = (): string => `wharf-mock-${crypto.randomUUID().replace(/-/g, '')}`;
