import type { BlobStore } from '../../blobs/blob-store.ts';
import type { Fanout } from '../../delivery/fanout/fanout.feature.ts';
import type { PushService } from '../../delivery/push/push.service.ts';
import { WharfError } from '../../errors/wharf-error.ts';
import type { Db } from '../../store/database.ts';
import type { CodeStore } from '../code/code.store.ts';
import { type MiniProgramOrigin, mpCustomService } from './mp-custom.service.ts';
import { mpMessagesStore as store } from './mp-messages.store.ts';
import { mpNotificationsService } from './mp-notifications.service.ts';
import { mpTemplatesService } from './mp-templates.service.ts';
import { versionPages } from './version-pages.ts';

/**
 * A mini program's own messages: its templates, the template and subscription messages it
 * sends into users' service notifications, and its customer service.
 */
export function mpMessagesFeature(deps: {
  db: Db;
  openidKey: string;
  code: Pick<CodeStore, 'appByAppid' | 'slot' | 'version' | 'latestVersion'>;
  push: Pick<PushService, 'enqueue' | 'kick'>;
  delivery: Pick<Fanout, 'post'>;
  blobs: BlobStore;
  /** The end user behind one of the mini program's openids, from its users (filled at wx.login). */
  mpUserByOpenid: (appid: string, openid: string) => Promise<string | undefined>;
  clock: () => number;
}) {
  const { db } = deps;
  const pagesOf = versionPages(deps.code);
  const templates = mpTemplatesService(deps);
  const notifications = mpNotificationsService({
    ...deps,
    templates,
    pagesOf,
    // Someone who never called wx.login is still known by what they did here (a form, a consent, a conversation).
    userByOpenid: async (app, openid) =>
      (await deps.mpUserByOpenid(app.appid, openid)) ?? (await store.userByOpenid(db, app.id, openid)),
  });
  const custom = mpCustomService({ ...deps, pagesOf });

  return {
    templates,
    notifications,
    custom,
    /** The mini program by appid, for the client's routes ("not found" when there is none). */
    async app(appid: string): Promise<MiniProgramOrigin> {
      const row = await store.miniProgram(db, appid);
      if (!row) throw new WharfError('not_found', { what: 'mini program' });
      return row;
    },
    /** The calling mini program (its row id from the access token). */
    async caller(appId: string): Promise<MiniProgramOrigin> {
      const row = await store.miniProgramById(db, appId);
      if (!row) throw new WharfError('not_found', { what: 'mini program' });
      return row;
    },
  };
}

export type MpMessages = ReturnType<typeof mpMessagesFeature>;
