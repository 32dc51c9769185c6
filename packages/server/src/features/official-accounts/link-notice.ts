import type { Fanout } from '../../delivery/fanout/fanout.feature.ts';
import type { LinksService } from './links.service.ts';

/** Launch scene of a mini program card sent by an official account. */
export const LINK_NOTICE_SCENE = 1074;

/**
 * With `notify_users`, a link that comes to hold sends every follower one card that opens the
 * mini program: a stored message and a fan-out, never the broadcast quota.
 */
export function wireLinkNotices(links: LinksService, delivery: Pick<Fanout, 'post'>): void {
  links.onLinked(async (tx, link) => {
    if (!link.notify_users) return undefined;
    const pagepath = (await links.entryPage(link.app_id, tx.db)) ?? '';
    const posted = await delivery.post(
      {
        senderAccountId: link.account_id,
        kind: 'link_notice',
        body: {
          title: `${link.account_name} 关联了小程序「${link.app_name ?? link.appid}」`,
          titleEn: `${link.account_name} linked the mini program "${link.app_name ?? link.appid}"`,
          appid: link.appid,
          appName: link.app_name ?? '',
          pagepath,
          scene: LINK_NOTICE_SCENE,
        },
        audience: { followersOf: link.account_id },
      },
      tx.db,
    );
    return posted.announce;
  });
}
