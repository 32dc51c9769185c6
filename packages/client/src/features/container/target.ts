/** What a tap opens: a mini program page with the scene of the path that led there. */
export interface MiniProgramTarget {
  appid: string;
  /** `pages/a/a?x=1` as WeChat's menus and cards carry it (query optional, leading slash allowed). */
  pagepath: string;
  scene: number;
  /** Where WeChat would send a user whose client cannot open the mini program (menus have one). */
  fallbackUrl?: string;
  /** A code of a trial or development version (members and testers only); the release otherwise. */
  version?: 'trial' | 'develop';
  /** A group card's shareTicket (scene 1044 and app cards shared withShareTicket): in the launch options. */
  shareTicket?: string;
  /** Set when another mini program opened this one (`wx.navigateToMiniProgram`, scene 1037). */
  referrerInfo?: { appId: string; extraData?: Record<string, unknown> };
}

/** Splits a WeChat pagepath into the runtime's launch path and query. */
export function splitPagepath(pagepath: string): { path: string; query: Record<string, string> } {
  const [path = '', search = ''] = pagepath.replace(/^\//, '').split('?', 2);
  return { path: path.replace(/\.html$/, ''), query: Object.fromEntries(new URLSearchParams(search)) };
}
