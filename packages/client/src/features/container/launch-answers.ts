import { api } from '../../lib/api';
import type { MiniProgramTarget } from './target';

type LaunchCall = ReturnType<typeof askLaunch>;
type Version = MiniProgramTarget['version'];

/** How long an answer asked for ahead of the open stays usable (a tap answered slowly still uses it). */
const AHEAD_MS = 5_000;
const ahead = new Map<string, { at: number; call: LaunchCall }>();

const keyOf = (appid: string, pagepath: string, version?: Version) =>
  `${appid}\n${pagepath}\n${version ?? ''}`;

function askLaunch(appid: string, pagepath: string, version?: Version) {
  return api.GET('/api/v1/launch/{appid}', {
    params: { path: { appid }, query: { path: pagepath, ...(version ? { version } : {}) } },
  });
}

/**
 * Asks for a launch before the open is decided: a menu button names its mini program, so the
 * launch is asked beside the click (which the account's server must see first) rather than after
 * it, one round trip less between the tap and the first paint.
 */
export function askLaunchAhead(appid: string, pagepath: string): void {
  ahead.set(keyOf(appid, pagepath), { at: Date.now(), call: askLaunch(appid, pagepath) });
}

/** The launch answer: the one asked ahead when it matches and is fresh, else asked now. Used once. */
export function launchAnswer(appid: string, pagepath: string, version?: Version): LaunchCall {
  const key = keyOf(appid, pagepath, version);
  const early = ahead.get(key);
  ahead.delete(key);
  for (const [other, { at }] of ahead) if (Date.now() - at > AHEAD_MS) ahead.delete(other);
  if (early && Date.now() - early.at <= AHEAD_MS) return early.call;
  return askLaunch(appid, pagepath, version);
}
