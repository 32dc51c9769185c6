import { WharfError } from '../../errors/wharf-error.ts';
import type { MiniProgramsService } from '../miniprograms/miniprograms.service.ts';
import type { MiniProgramsStore } from '../miniprograms/miniprograms.store.ts';
import type { CodeAccess } from './code-access.ts';

/**
 * `/wxa/bind_tester`, `/wxa/unbind_tester`, `/wxa/memberauth`. Wharf has no WeChat IDs: the
 * `wechatid` field names a platform account by its email or its user id. Binding invites:
 * the person becomes a tester (a member with the `tester` role) only once they accept, and
 * the answer — `userstr` included — is the same whether or not such an account exists.
 */
export function testersService(deps: {
  access: CodeAccess;
  members: Pick<MiniProgramsService, 'inviteMember' | 'userstr'>;
  store: Pick<
    MiniProgramsStore,
    'testers' | 'invitations' | 'deleteInvitation' | 'removeMember' | 'userByEmailOrId'
  >;
}) {
  const { access, members, store } = deps;
  const key = (wechatid: string) => wechatid.trim().toLowerCase();
  const known = (appid: string, t: { user_id: string; userstr: string | null }) =>
    t.userstr ?? members.userstr(appid, { userId: t.user_id });

  return {
    async bind(appid: string, wechatid: string | undefined): Promise<string> {
      const app = await access.app(appid);
      const invitee = wechatid ? wechatid.trim() : '';
      if (!invitee)
        throw new WharfError('validation_failed', { field: 'wechatid', reason: 'required' }, 'wechatid');
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

    /** Testers who accepted; pending invitations are not testers yet. */
    async list(appid: string): Promise<Array<{ userstr: string }>> {
      const app = await access.app(appid);
      return (await store.testers(app.id)).map((t) => ({ userstr: known(appid, t) }));
    },
  };
}

export type TestersService = ReturnType<typeof testersService>;
