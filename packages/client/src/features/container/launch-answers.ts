import { warmMiniProgram } from '@wharf/runtime/host';
import { api, type Menu } from '../../lib/api';
import type { MiniProgramTarget } from './target';

type LaunchCall = ReturnType<typeof askLaunch>;
type Version = MiniProgramTarget['version'];

/**
 * How long an answer asked ahead stays usable. An answer a little old opens the version it names,
 * as WeChat opens the package it has and takes a newer release on the next open.
 */
const AHEAD_MS = 30_000;
/** Most launches a shown menu asks ahead (a menu has at most 15 buttons). */
const MENU_AHEAD = 5;
const ahead = new Map<string, { at: number; call: LaunchCall }>();

const keyOf = (appid: string, pagepath: string, version?: Version) =>
  `${appid}\n${pagepath}\n${version ?? ''}`;

function askLaunch(appid: string, pagepath: string, version?: Version) {
  return api.GET('/api/v1/launch/{appid}', {
    params: { path: { appid }, query: { path: pagepath, ...(version ? { version } : {}) } },
  });
}

const fresh = (entry: { at: number } | undefined): entry is { at: number; call: LaunchCall } =>
  entry !== undefined && Date.now() - entry.at <= AHEAD_MS;

/**
 * Asks for a launch before the open is decided: a menu button names its mini program, so its
 * launch is asked when the menu is shown and again (unless still fresh) beside the click, which
 * the account's server must see first. The answer's first files are handed to the preloaded
 * runtime frame at once, so a tap pays for neither the launch nor their download.
 */
export function askLaunchAhead(appid: string, pagepath: string): void {
  for (const [other, entry] of ahead) if (!fresh(entry)) ahead.delete(other);
  const key = keyOf(appid, pagepath);
  if (ahead.has(key)) return;
  const call = askLaunch(appid, pagepath);
  ahead.set(key, { at: Date.now(), call });
  void call.then(
    ({ data }) => {
      if (data?.manifest)
        warmMiniProgram({
          runtimeBase: data.runtimeBase,
          packageBase: data.packageBase,
          manifest: data.manifest as Parameters<typeof warmMiniProgram>[0]['manifest'],
          path: pagepath,
        });
    },
    () => undefined,
  );
}

/** The launches a menu's `miniprogram` buttons (sub-menus included) lead to, asked ahead. */
export function askMenuLaunchesAhead(menu: Menu): void {
  const buttons = menu.button.flatMap((button) => [button, ...(button.sub_button ?? [])]);
  let asked = 0;
  for (const button of buttons) {
    if (asked >= MENU_AHEAD) break;
    if (button.type !== 'miniprogram' || !button.appid || button.pagepath === undefined) continue;
    askLaunchAhead(button.appid, button.pagepath);
    asked++;
  }
}

/**
 * The launch answer: the one asked ahead when it matches and is fresh (asked again if that call
 * failed on the network), else asked now. An answer asked ahead is used once.
 */
export function launchAnswer(appid: string, pagepath: string, version?: Version): LaunchCall {
  const key = keyOf(appid, pagepath, version);
  const early = ahead.get(key);
  ahead.delete(key);
  if (fresh(early)) return early.call.catch(() => askLaunch(appid, pagepath, version));
  return askLaunch(appid, pagepath, version);
}
