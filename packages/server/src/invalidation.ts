import type { Notices } from './cluster/notices.ts';
import { readCache } from './cluster/read-cache.ts';
import type { CategoriesService } from './features/categories/categories.service.ts';
import type { AuditsService } from './features/code/audits.service.ts';
import type { CodeService } from './features/code/code.service.ts';
import type { MiniProgramsService } from './features/miniprograms/miniprograms.service.ts';
import type { OaMenusService } from './features/oa-menus/oa-menus.service.ts';

/**
 * Which writes announce a change (after they commit) and which reads answer from memory until one
 * does. Kept in one place so a new cached read sees every write that must drop it. Services are
 * patched in place, so every holder of them (routes, other services) gets the same behaviour.
 *
 * - `app` (appid): an app's details, allow-list, categories or code changed: token checks reread
 *   the allow-list, `/wxa/get_category` and `/wxa/get_page` reread.
 * - `categories` (id): the category catalogue changed: every app's category list rereads.
 * - `menus` (official account id): the account's custom menus changed (the menus service announces
 *   each write): `/cgi-bin/menu/get` rereads.
 *
 * Returns the cached reads themselves for the hot path: they answer at once (no promise) from memory.
 */
export function wireInvalidation(
  notices: Notices,
  services: {
    miniPrograms: MiniProgramsService;
    categories: CategoriesService;
    packages: CodeService;
    audits: AuditsService;
    oaMenus: OaMenusService;
  },
) {
  const { miniPrograms, categories, packages, audits, oaMenus } = services;

  const updateDetails = miniPrograms.updateDetails;
  miniPrograms.updateDetails = async (...args) => {
    const result = await updateDetails(...args);
    await notices.publish('app', result.app.appid);
    return result;
  };

  for (const name of ['add', 'update', 'remove'] as const) {
    const write = categories[name] as (...args: unknown[]) => Promise<unknown>;
    (categories[name] as unknown) = async (...args: unknown[]) => {
      const result = await write.apply(categories, args);
      await notices.publish('categories', String(args[0] ?? ''));
      return result;
    };
  }

  const upload = packages.upload;
  packages.upload = async (input) => {
    const version = await upload.call(packages, input);
    await notices.publish('app', input.appid);
    return version;
  };
  const uploadFiles = packages.uploadFiles;
  packages.uploadFiles = async (input) => {
    const version = await uploadFiles.call(packages, input);
    await notices.publish('app', input.appid);
    return version;
  };

  // The two busiest `/wxa` reads; errors (no upload yet, unknown app) are not cached.
  const categoryLists = readCache<Awaited<ReturnType<AuditsService['appCategories']>>>(notices, 'app', {
    clearOn: ['categories'],
  });
  const appCategories = audits.appCategories;
  const categoryList = (appid: string) => categoryLists.get(appid, () => appCategories.call(audits, appid));
  audits.appCategories = async (appid) => categoryList(appid);

  const pageLists = readCache<string[]>(notices, 'app');
  const pages = packages.pages;
  packages.pages = async (appid) => pageLists.get(appid, () => pages.call(packages, appid));

  // `menu/get` of the busiest official accounts; 46003 (no menu) is an error, not cached.
  const menuAnswers = readCache<Awaited<ReturnType<OaMenusService['wechatMenus']>>>(notices, 'menus');
  const wechatMenus = oaMenus.wechatMenus;
  const menus = (accountId: string) => menuAnswers.get(accountId, () => wechatMenus.call(oaMenus, accountId));
  oaMenus.wechatMenus = async (accountId) => menus(accountId);

  return { categoryList, menus };
}
