import type { BlobStore } from '../../blobs/blob-store.ts';
import type { Fanout } from '../../delivery/fanout/fanout.feature.ts';
import type { PushService } from '../../delivery/push/push.service.ts';
import type { Db } from '../../store/database.ts';
import type { StoreDialect } from '../../store/dialects/dialect.ts';
import type { OaMenusService } from '../oa-menus/oa-menus.service.ts';
import type { LinksService } from '../official-accounts/links.service.ts';
import type { OfficialAccountsService } from '../official-accounts/official-accounts.service.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { broadcastService } from './broadcast.service.ts';
import { conversationsService } from './conversations.service.ts';
import { customService } from './custom.service.ts';
import { oaMessagesStore } from './oa-messages.store.ts';
import { tagsService } from './tags.service.ts';

/**
 * Messages between official accounts and end users: conversations and passive replies,
 * customer-service messages and media, tags and broadcasts, wired to push and delivery.
 */
export function oaMessagesFeature(deps: {
  db: Db;
  dialect: StoreDialect;
  accounts: OfficialAccountsService;
  links: LinksService;
  push: PushService;
  delivery: Fanout;
  menus: Pick<OaMenusService, 'onClick'>;
  blobs: BlobStore;
  settings: SettingsService;
  clock: () => number;
}) {
  const custom = customService(deps);
  const conversations = conversationsService({
    ...deps,
    storeImage: async (accountId, bytes) => (await custom.upload(accountId, 'image', bytes)).media_id,
  });
  const tags = tagsService(deps);
  const broadcast = broadcastService({
    ...deps,
    tags,
    mediaExists: async (accountId, id) =>
      (await oaMessagesStore.media(deps.db, accountId, id, deps.clock())) !== undefined,
  });
  deps.push.onReply((event, reply) => conversations.deliverReply(event, reply));
  // Following opens a one-minute window for three customer-service messages, as WeChat's.
  deps.accounts.onFollowed((tx, accountId, userId) =>
    conversations.openWindow(tx, accountId, userId, 'event'),
  );
  // A menu click (click, scancode_push, scancode_waitmsg, as WeChat) opens the same window; its event goes out now.
  deps.menus.onClick(async (click) => {
    if (click.opensServiceWindow)
      await conversations.openWindow(deps.db, click.accountId, click.userId, 'event');
    deps.push.kick();
  });
  return { conversations, custom, tags, broadcast };
}
