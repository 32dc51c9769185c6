import { WharfError } from '../../errors/wharf-error.ts';
import type { MiniProgramsService } from '../miniprograms/miniprograms.service.ts';
import type { MiniProgramsStore } from '../miniprograms/miniprograms.store.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import type { CodeAccess, CodeApp } from './code-access.ts';
import type { TestersStore } from './testers.store.ts';

export interface ClientTester {
  userstr: string;
  username: string;
  nickname: string;
  createdAt: number;
}

/**
 * `/wxa/bind_tester`, `/wxa/unbind_tester`, `/wxa/memberauth`. Wharf has no WeChat IDs: the
 * `wechatid` field names a platform account by its email or its user id, or else a client
 * user by their username (their 微信号 in the client).
 *
 * A platform account is invited: it becomes a tester (a member with the `tester` role) only
 * once it accepts, since membership shows it the console. A client user becomes a tester at
 * once, as WeChat binds a WeChat ID: it lets them open the trial version and nothing more.
 * Either way the answer — `userstr` included — is the same whether or not anyone has that
 * name (an unknown name waits as an invitation nobody can accept).
 */
export function testersService(deps: {
  access: CodeAccess;
  members: Pick<MiniProgramsService, 'inviteMember' | 'userstr'>;
  store: Pick<
    MiniProgramsStore,
    'testers' | 'invitations' | 'deleteInvitation' | 'removeMember' | 'userByEmailOrId'
  >;
  clientTesters: TestersStore;
  /** The client user with this username (lower-cased), if any. */
  endUserByUsername(username: string): Promise<{ id: string } | undefined>;
  settings: SettingsService;
  clock: () => number;
}) {
  const { access, members, store, clientTesters } = deps;
  const key = (wechatid: string) => wechatid.trim().toLowerCase();
  const known = (appid: string, t: { user_id: string; userstr: string | null }) =>
    t.userstr ?? members.userstr(appid, { userId: t.user_id });

  /** A client user named by `wechatid`, unless a platform account answers to it first. */
  async function endUserNamed(wechatid: string): Promise<{ id: string } | undefined> {
    if (wechatid.includes('@') || (await store.userByEmailOrId(wechatid))) return undefined;
    return deps.endUserByUsername(key(wechatid));
  }

  /** Makes a client user a tester now, within the app's and the person's limits. */
  async function bindEndUser(app: CodeApp, endUserId: string): Promise<string> {
    const userstr = members.userstr(app.appid, { userId: endUserId });
    const limit = await deps.settings.get('code.testersPerApp');
    const perPerson = await deps.settings.get('members.testerAppsPerPerson');
    await clientTesters.transaction(async (tx) => {
      await tx.lockApp(app.id);
      if (await tx.isTester(app.id, endUserId)) throw new WharfError('tester_already', {}, 'wechatid');
      if ((await tx.appTesterCount(app.id)) >= limit) throw new WharfError('tester_limit', { limit });
      // WeChat: one WeChat ID tests at most 50 mini programs (85003).
      if ((await tx.appsOf(endUserId)) >= perPerson)
        throw new WharfError('member_apps_limit', { role: 'tester', roleZh: '体验成员', limit: perPerson });
      await tx.add({ app_id: app.id, end_user_id: endUserId, userstr, created_at: deps.clock() });
    });
    return userstr;
  }

  async function unbindEndUser(
    app: CodeApp,
    input: { wechatid?: string; userstr?: string },
  ): Promise<boolean> {
    const typed = input.wechatid?.trim();
    const endUser = typed ? await endUserNamed(typed) : undefined;
    const tester = endUser
      ? { end_user_id: endUser.id }
      : input.userstr && !typed
        ? (await clientTesters.list(app.id)).find((t) => t.userstr === input.userstr)
        : undefined;
    return !!tester && (await clientTesters.remove(app.id, tester.end_user_id));
  }

  return {
    async bind(appid: string, wechatid: string | undefined): Promise<string> {
      const app = await access.app(appid);
      const invitee = wechatid ? wechatid.trim() : '';
      if (!invitee)
        throw new WharfError('validation_failed', { field: 'wechatid', reason: 'required' }, 'wechatid');
      const endUser = await endUserNamed(invitee);
      if (endUser) return bindEndUser(app, endUser.id);
      // Emails match case-insensitively; a user id is kept as typed.
      const outcome = await members.inviteMember(
        app,
        invitee.includes('@') ? key(invitee) : invitee,
        'tester',
        app.owner_user_id,
      );
      if (outcome.kind === 'already') throw new WharfError('tester_already', {}, 'wechatid');
      return outcome.invitation.userstr;
    },

    /** Unbinds a tester, or withdraws a pending invitation, named by `wechatid` or `userstr`. */
    async unbind(appid: string, input: { wechatid?: string; userstr?: string }): Promise<void> {
      const app = await access.app(appid);
      if (await unbindEndUser(app, input)) return;
      const testers = await store.testers(app.id);
      const pending = (await store.invitations(app.id)).filter((i) => i.role === 'tester');
      let userId: string | undefined;
      let invitationId: string | undefined;
      if (input.wechatid?.trim()) {
        const typed = input.wechatid.trim();
        const user = await store.userByEmailOrId(typed);
        userId = user && testers.some((t) => t.user_id === user.id) ? user.id : undefined;
        invitationId = pending.find((i) => i.invitee === typed || i.invitee === key(typed))?.id;
      } else if (input.userstr) {
        userId = testers.find((t) => known(appid, t) === input.userstr)?.user_id;
        invitationId = pending.find((i) => i.userstr === input.userstr)?.id;
      }
      if (userId && (await store.removeMember(app.id, userId, 'tester'))) return;
      if (invitationId && (await store.deleteInvitation(invitationId))) return;
      throw new WharfError('tester_not_bound');
    },

    /** Testers who accepted, then client users; pending invitations are not testers yet. */
    async list(appid: string): Promise<Array<{ userstr: string }>> {
      const app = await access.app(appid);
      const accounts = (await store.testers(app.id)).map((t) => ({ userstr: known(appid, t) }));
      const endUsers = (await clientTesters.list(app.id)).map((t) => ({ userstr: t.userstr }));
      return [...accounts, ...endUsers];
    },

    /** The console's view of the client users testing the app (its owner or developers only). */
    async clientTesterList(app: CodeApp): Promise<ClientTester[]> {
      return (await clientTesters.list(app.id)).map((t) => ({
        userstr: t.userstr,
        username: t.username,
        nickname: t.nickname,
        createdAt: t.created_at,
      }));
    },

    /** The console adds a client user by username; an unknown one is a clear error here (85001). */
    async addClientTester(app: CodeApp, username: string): Promise<ClientTester> {
      const endUser = await deps.endUserByUsername(key(username));
      if (!endUser) throw new WharfError('client_tester_not_found', { username }, 'username');
      const userstr = await bindEndUser(app, endUser.id);
      const added = (await clientTesters.list(app.id)).find((t) => t.userstr === userstr);
      if (!added) throw new WharfError('client_tester_not_found', { username }, 'username');
      return {
        userstr,
        username: added.username,
        nickname: added.nickname,
        createdAt: added.created_at,
      };
    },

    async removeClientTester(app: CodeApp, userstr: string): Promise<void> {
      if (!(await unbindEndUser(app, { userstr }))) throw new WharfError('tester_not_bound');
    },

    /** Whether this client user may open the app's trial version now. */
    isClientTester: (app: CodeApp, endUserId: string) => clientTesters.isTester(app.id, endUserId),
  };
}

export type TestersService = ReturnType<typeof testersService>;
