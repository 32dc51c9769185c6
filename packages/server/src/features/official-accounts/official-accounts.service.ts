import { WharfError } from '../../errors/wharf-error.ts';
import { newId, sha256hex } from '../../security/secrets.ts';
import type { Db } from '../../store/database.ts';
import type { EndUsersService } from '../end-users/end-users.service.ts';
import type { IdentityService } from '../identity/identity.service.ts';
import type { SubjectType } from '../identity/identity.tables.ts';
import { newAppid, newAppSecret, newOriginalId } from '../miniprograms/app-ids.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import type {
  FollowerRow,
  OfficialAccountQueries,
  OfficialAccountRow,
  OfficialAccountsStore,
} from './official-accounts.store.ts';
import type { OfficialAccountType } from './official-accounts.tables.ts';
import { isOpenid, openidFor } from './openid.ts';

export interface OfficialAccountView {
  id: string;
  appid: string;
  originalId: string;
  name: string;
  type: OfficialAccountType;
  intro: string;
  subjectType: SubjectType;
  ipAllowlist: string[];
  createdAt: number;
}

/** Runs in the transaction that added a follower (the customer-service window opens there). */
export type FollowedHook = (tx: Db, accountId: string, userId: string) => Promise<void>;

/** WeChat's events carry seconds. */
export const seconds = (ms: number): number => Math.floor(ms / 1000);

/** A remark must be shorter than this many characters (WeChat's `updateremark`). */
export const REMARK_CHARACTERS = 30;

export interface OfficialAccountsDeps {
  store: OfficialAccountsStore;
  identity: IdentityService;
  settings: SettingsService;
  endUsers: EndUsersService;
  /** Keys the openids; derived from the server key. */
  openidKey: string;
  /** After a token-relevant change (secret reset) commits. */
  revokeTokens: (appid: string) => Promise<void>;
  /** After events were appended: deliver them soon. */
  eventsAppended?: () => void;
  /** Unionids of followers, when the account is bound to an open-platform account. */
  unionids?: (appid: string, userIds: string[]) => Promise<Map<string, string>>;
  clock: () => number;
}

/** Official accounts: creation by a verified subject, credentials, and their followers. */
export function officialAccountsService(deps: OfficialAccountsDeps) {
  const { store, identity, settings, clock } = deps;
  const followedHooks: FollowedHook[] = [];
  const subjectTypes = new Map<string, SubjectType>();

  async function subjectType(row: OfficialAccountRow) {
    let type = subjectTypes.get(row.subject_id);
    if (!type) {
      const subject = await identity.byId(row.subject_id);
      if (!subject) throw new Error(`official account ${row.id} has no subject`);
      type = subject.type;
      subjectTypes.set(row.subject_id, type);
    }
    return type;
  }

  async function view(row: OfficialAccountRow): Promise<OfficialAccountView> {
    return {
      id: row.id,
      appid: row.appid,
      originalId: row.original_id,
      name: row.name,
      type: row.type,
      intro: row.intro,
      subjectType: await subjectType(row),
      ipAllowlist: JSON.parse(row.ip_allowlist) as string[],
      createdAt: row.created_at,
    };
  }

  /** The account, when this user administers it; `not_found` otherwise (no hint that it exists). */
  async function administered(userId: string, accountId: string): Promise<OfficialAccountRow> {
    const row = (await store.byId(accountId)) ?? (await store.byAppid(accountId));
    if (!row || row.owner_user_id !== userId) throw new WharfError('not_found', { what: 'official account' });
    return row;
  }

  async function byId(id: string): Promise<OfficialAccountRow> {
    const row = await store.byId(id);
    if (!row) throw new WharfError('not_found', { what: 'official account' });
    return row;
  }

  async function byAppid(appid: string): Promise<OfficialAccountRow> {
    const row = await store.byAppid(appid);
    if (!row) throw new WharfError('not_found', { what: 'official account' });
    return row;
  }

  const openid = (row: OfficialAccountRow, userId: string) => openidFor(deps.openidKey, row.appid, userId);

  async function issueSecret(row: OfficialAccountRow, secret = newAppSecret()): Promise<string> {
    await store.update(row.id, { secret_hash: sha256hex(secret), updated_at: clock() });
    await deps.revokeTokens(row.appid);
    return secret;
  }

  function followEvent(
    tx: OfficialAccountQueries,
    row: OfficialAccountRow,
    follower: FollowerRow,
    event: string,
  ) {
    const now = clock();
    return tx.appendEvent({
      appid: row.appid,
      type: event,
      payload: {
        ToUserName: row.original_id,
        FromUserName: follower.openid,
        CreateTime: seconds(now),
        MsgType: 'event',
        Event: event,
        ...(event === 'subscribe' ? { EventKey: '' } : {}),
      },
      at: now,
      openid: follower.openid,
    });
  }

  return {
    /** Adds work to every follow's transaction (at wiring time). */
    onFollowed(hook: FollowedHook) {
      followedHooks.push(hook);
    },
    view,
    administered,
    byId,
    byAppid,
    openid,

    /**
     * Creates an official account for a verified subject. Individuals get subscription accounts
     * only (WeChat's rule) unless the operator widens it. The AppSecret is answered once.
     */
    async create(
      userId: string,
      input: { subjectId: string; name: string; type: OfficialAccountType; intro?: string },
      ids?: { appid: string; originalId: string; secret?: string },
    ): Promise<{ account: OfficialAccountView; secret: string }> {
      const subject = await identity.ownedBy(userId, input.subjectId);
      if (subject.status !== 'verified') throw new WharfError('subject_not_verified', {}, 'subjectId');
      const individual = subject.type === 'individual';
      if (
        individual &&
        input.type === 'service' &&
        !(await settings.get('officialAccounts.individualServiceAccounts'))
      ) {
        throw new WharfError('oa_type_not_for_individuals', {}, 'type');
      }
      const name = input.name.trim();
      if (await store.byName(name)) throw new WharfError('name_taken', { name }, 'name');
      const limit = await settings.get(
        individual ? 'quota.individualOfficialAccounts' : 'quota.organisationOfficialAccounts',
      );
      const secret = ids?.secret ?? newAppSecret();
      const now = clock();
      const row: OfficialAccountRow = {
        id: newId('oa'),
        appid: ids?.appid ?? newAppid(),
        original_id: ids?.originalId ?? newOriginalId(),
        owner_user_id: userId,
        subject_id: subject.id,
        name,
        type: input.type,
        intro: input.intro?.trim() ?? '',
        secret_hash: sha256hex(secret),
        ip_allowlist: '[]',
        created_at: now,
        updated_at: now,
      };
      await store
        .transaction(async (tx) => {
          await tx.lockSubject(subject.id);
          const used = await tx.countForSubjectNumber(subject.id_number);
          if (used >= limit) {
            throw new WharfError('quota_exceeded', {
              quota: individual ? 'official accounts per person' : 'official accounts per organisation',
              limit,
              used,
            });
          }
          await tx.insert(row);
        })
        .catch(async (error: unknown) => {
          // Two creations racing for one name: the unique index decides.
          if (!(error instanceof WharfError) && (await store.byName(name))) {
            throw new WharfError('name_taken', { name }, 'name');
          }
          throw error;
        });
      return { account: await view(row), secret };
    },

    async listMine(userId: string): Promise<OfficialAccountView[]> {
      return Promise.all((await store.listForOwner(userId)).map(view));
    },

    async get(userId: string, accountId: string): Promise<OfficialAccountView> {
      return view(await administered(userId, accountId));
    },

    async update(
      userId: string,
      accountId: string,
      input: { intro?: string; ipAllowlist?: string[] },
    ): Promise<OfficialAccountView> {
      const row = await administered(userId, accountId);
      const patch: Partial<OfficialAccountRow> = { updated_at: clock() };
      if (input.intro !== undefined) patch.intro = input.intro.trim();
      if (input.ipAllowlist) patch.ip_allowlist = JSON.stringify(input.ipAllowlist);
      await store.update(row.id, patch);
      if (input.ipAllowlist) await deps.revokeTokens(row.appid);
      return view({ ...row, ...patch });
    },

    /** A new AppSecret, answered once; the old one and its tokens stop working. */
    async resetSecret(userId: string, accountId: string, secret?: string): Promise<string> {
      return issueSecret(await administered(userId, accountId), secret);
    },

    /** Public facts about accounts matching a name, for the client's search. */
    async search(text: string) {
      const rows = await store.search(text.trim(), 20);
      return Promise.all(
        rows.map(async (row) => ({
          appid: row.appid,
          name: row.name,
          type: row.type,
          intro: row.intro,
          subjectType: await subjectType(row),
        })),
      );
    },

    async isFollowing(userId: string, appid: string): Promise<boolean> {
      return (await store.follower((await byAppid(appid)).id, userId)) !== undefined;
    },

    /** Follows; raises `subscribe` for the account's server. Following twice changes nothing. */
    async follow(userId: string, appid: string, scene = 'ADD_SCENE_SEARCH'): Promise<{ openid: string }> {
      const row = await byAppid(appid);
      const follower: FollowerRow = {
        account_id: row.id,
        user_id: userId,
        openid: openid(row, userId),
        subscribed_at: clock(),
        subscribe_scene: scene,
        remark: '',
      };
      const added = await store.transaction(async (tx) => {
        if (!(await tx.follow(follower))) return false;
        await followEvent(tx, row, follower, 'subscribe');
        for (const hook of followedHooks) await hook(tx.db, row.id, userId);
        return true;
      });
      if (added) deps.eventsAppended?.();
      return { openid: follower.openid };
    },

    /** Unfollows; raises `unsubscribe`. Unfollowing when not following changes nothing. */
    async unfollow(userId: string, appid: string): Promise<void> {
      const row = await byAppid(appid);
      const removed = await store.transaction(async (tx) => {
        const follower = await tx.unfollow(row.id, userId);
        if (follower) await followEvent(tx, row, follower, 'unsubscribe');
        return follower !== undefined;
      });
      if (removed) deps.eventsAppended?.();
    },

    /** The accounts a user follows, with the openid each knows them by. */
    following: (userId: string) => store.followedBy(userId),

    follower: (accountId: string, userId: string) => store.follower(accountId, userId),
    followerByOpenid: (accountId: string, openid: string) => store.followerByOpenid(accountId, openid),

    /** `/cgi-bin/user/get`: 10,000 openids a page, in a stable order, from `next_openid`. */
    async followerPage(accountId: string, nextOpenid: string) {
      const page = await store.openidPage(accountId, nextOpenid, 10_000);
      return {
        total: await store.followerCount(accountId),
        count: page.length,
        data: page.length ? { openid: page } : undefined,
        next_openid: page.at(-1) ?? '',
      };
    },

    /**
     * `user/info/updateremark`: WeChat documents the remark as shorter than 30 characters (an
     * empty one clears it); 40003 for an openid that does not follow the account.
     */
    async setRemark(accountId: string, openid: string, remark: string): Promise<void> {
      if (!isOpenid(openid)) throw new WharfError('oa_invalid_openid', {}, 'openid');
      if ([...remark].length >= REMARK_CHARACTERS)
        throw new WharfError('oa_remark_too_long', { limit: REMARK_CHARACTERS - 1 }, 'remark');
      if (!(await store.setRemark(accountId, openid, remark)))
        throw new WharfError('oa_invalid_openid', {}, 'openid');
    },

    /** `/cgi-bin/user/info` and `batchget`: WeChat's fields for followers; `subscribe: 0` for others. */
    async userInfo(accountId: string, openids: string[], lang: string) {
      const followers = await store.followersByOpenids(accountId, openids);
      const account = await byId(accountId);
      const unionids =
        (await deps.unionids?.(
          account.appid,
          followers.map((f) => f.user_id),
        )) ?? new Map<string, string>();
      const users = new Map(
        (await deps.endUsers.profiles(followers.map((f) => f.user_id))).map((u) => [u.id, u]),
      );
      const tags = await store.tagIdsOf(
        accountId,
        followers.map((f) => f.user_id),
      );
      const byOpenid = new Map(followers.map((f) => [f.openid, f]));
      return openids.map((id) => {
        const follower = byOpenid.get(id);
        const user = follower && users.get(follower.user_id);
        if (!follower || !user) return { subscribe: 0, openid: id };
        return {
          subscribe: 1,
          openid: id,
          // WeChat stopped returning nickname, sex and place in 2021; Wharf keeps the fields for older SDKs.
          nickname: user.nickname,
          sex: user.sex,
          language: lang || user.language,
          city: user.city,
          province: user.province,
          country: user.country,
          headimgurl: user.headimgurl,
          subscribe_time: seconds(follower.subscribed_at),
          // Only for accounts bound to an open-platform account, as WeChat.
          ...(unionids.has(follower.user_id) ? { unionid: unionids.get(follower.user_id) } : {}),
          remark: follower.remark,
          groupid: 0,
          tagid_list: tags.filter((t) => t.user_id === follower.user_id).map((t) => t.tag_id),
          subscribe_scene: follower.subscribe_scene,
          qr_scene: 0,
          qr_scene_str: '',
        };
      });
    },
  };
}

export type OfficialAccountsService = ReturnType<typeof officialAccountsService>;
