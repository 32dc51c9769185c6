import { WharfError } from '../../errors/wharf-error.ts';
import { sha256hex } from '../../security/secrets.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import type { CodeStore } from './code.store.ts';
import type { CodeAccess } from './code-access.ts';

/**
 * `/wxa/bind_tester`, `/wxa/unbind_tester`, `/wxa/memberauth`. Wharf has no WeChat IDs: the
 * `wechatid` field names a platform account by its email or its user id. Testers are members
 * with the `tester` role, the same rows the native members API manages.
 */
export function testersService(deps: {
  store: CodeStore;
  access: CodeAccess;
  settings: SettingsService;
  clock: () => number;
}) {
  const { store, access, settings, clock } = deps;
  /** WeChat's opaque per-app tester id. */
  const userstr = (appid: string, userId: string) =>
    sha256hex(`wharf-tester:${appid}:${userId}`).slice(0, 32);

  return {
    async bind(appid: string, wechatid: string | undefined): Promise<string> {
      const app = await access.app(appid);
      const user = wechatid ? await store.userByEmailOrId(wechatid.trim()) : undefined;
      if (!user) throw new WharfError('tester_not_found', { wechatid: wechatid ?? '' }, 'wechatid');
      const testers = await store.testers(app.id);
      if (testers.some((t) => t.user_id === user.id)) throw new WharfError('tester_already', {}, 'wechatid');
      const limit = await settings.get('code.testersPerApp');
      if (testers.length >= limit) throw new WharfError('tester_limit', { limit });
      if (!(await store.addTester(app.id, user.id, clock()))) throw new WharfError('tester_already');
      return userstr(appid, user.id);
    },

    async unbind(appid: string, input: { wechatid?: string; userstr?: string }): Promise<void> {
      const app = await access.app(appid);
      let userId: string | undefined;
      if (input.wechatid) userId = (await store.userByEmailOrId(input.wechatid.trim()))?.id;
      else if (input.userstr) {
        userId = (await store.testers(app.id)).find(
          (t) => userstr(appid, t.user_id) === input.userstr,
        )?.user_id;
      }
      if (!userId || !(await store.removeTester(app.id, userId))) throw new WharfError('tester_not_bound');
    },

    async list(appid: string): Promise<Array<{ userstr: string }>> {
      const app = await access.app(appid);
      return (await store.testers(app.id)).map((t) => ({ userstr: userstr(appid, t.user_id) }));
    },
  };
}

export type TestersService = ReturnType<typeof testersService>;
