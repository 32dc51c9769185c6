import type { VersionManifest } from '../code/code.service.ts';
import type { CodeStore } from '../code/code.store.ts';

/** `miniprogram_state` → the version a message opens (the runtime's envVersion). */
export const ENV_VERSION = { developer: 'develop', trial: 'trial', formal: 'release' } as const;
export type MiniprogramState = keyof typeof ENV_VERSION;
export type EnvVersion = (typeof ENV_VERSION)[MiniprogramState];

/**
 * The pages of the version a message would open, or undefined when there is no such version
 * (never released, no trial, nothing uploaded): what `page` is checked against (41030).
 */
export function versionPages(code: Pick<CodeStore, 'appByAppid' | 'slot' | 'version' | 'latestVersion'>) {
  return async (appid: string, target: EnvVersion): Promise<string[] | undefined> => {
    const app = await code.appByAppid(appid);
    if (!app) return undefined;
    const slot = await code.slot(app.id);
    const id =
      target === 'release'
        ? slot?.released_version_id
        : target === 'trial'
          ? slot?.trial_version_id
          : (await code.latestVersion(app.id))?.id;
    const version = id ? await code.version(id) : undefined;
    if (!version) return undefined;
    const manifest = JSON.parse(version.manifest) as VersionManifest;
    return [...manifest.pages, ...manifest.subpackages.flatMap((s) => s.pages)];
  };
}

/** `pages/a/a?x=1` → `pages/a/a`: WeChat's `page` may carry a query (and a leading slash). */
export const pagePath = (page: string): string =>
  page
    .replace(/^\//, '')
    .split('?', 1)[0]
    ?.replace(/\.html$/, '') ?? '';
