import { createHmac } from 'node:crypto';
import type { BlobStore } from '../../blobs/blob-store.ts';
import { WharfError } from '../../errors/wharf-error.ts';
import { newId, sha256hex } from '../../security/secrets.ts';
import { invitationMail } from '../accounts/account-mails.ts';
import type { AccountsService } from '../accounts/accounts.service.ts';
import type {
  CategoriesService,
  CategoryChoice,
  ResolvedCategory,
} from '../categories/categories.service.ts';
import { type IdentityService, waitsForNumberReview } from '../identity/identity.service.ts';
import type { SubjectType } from '../identity/identity.tables.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { isAppSecret, newAppid, newAppSecret, newOriginalId } from './app-ids.ts';
import { decodeDataUrl } from './data-url.ts';
import { validateIcon } from './icon.ts';
import type { InvitationRow, MiniProgramRow, MiniProgramsStore } from './miniprograms.store.ts';
import type { MemberRole } from './miniprograms.tables.ts';
import {
  applyServerDomains,
  DOMAIN_COLUMNS,
  DOMAIN_KINDS,
  type DomainChange,
  type ServerDomainAction,
  type ServerDomains,
} from './server-domains.ts';
import { applyWebviewDomains, type WebviewDomainAction } from './webview-domains.ts';

const QUALIFICATION_TYPES = ['image/png', 'image/jpeg', 'application/pdf'];
const MAX_QUALIFICATION_BYTES = 600 * 1024;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

export interface MiniProgramDeps {
  store: MiniProgramsStore;
  identity: IdentityService;
  categories: CategoriesService;
  /** Where qualification documents are kept. */
  blobs: BlobStore;
  settings: SettingsService;
  accounts: AccountsService;
  /** Keys the opaque tester ids (`userstr`) of `/wxa/bind_tester`. */
  userstrKey: string;
  /** Called when the AppSecret changes: every token issued with the old one stops working. */
  revokeTokens(appid: string): Promise<void>;
  clock?: () => number;
}

export interface MiniProgramView {
  id: string;
  appid: string;
  originalId: string;
  name: string | null;
  intro: string | null;
  icon: string | null;
  status: MiniProgramRow['status'];
  subjectId: string;
  ownerUserId: string;
  categories: Array<ResolvedCategory & { qualificationProvided: boolean }>;
  ipAllowlist: string[];
  requestDomains: string[];
  createdAt: number;
}

export interface DetailsInput {
  name?: string;
  intro?: string;
  icon?: string;
  /** `qualification`: a PNG, JPEG or PDF data URL, for a category that needs a qualification document. */
  categories?: Array<CategoryChoice & { qualification?: string }>;
  ipAllowlist?: string[];
  requestDomains?: string[];
}

/** The four server domain lists of an app row. */
export function serverDomainsOf(
  row: Pick<MiniProgramRow, (typeof DOMAIN_COLUMNS)[keyof typeof DOMAIN_COLUMNS]>,
): ServerDomains {
  return {
    requestdomain: JSON.parse(row.request_domains) as string[],
    wsrequestdomain: JSON.parse(row.socket_domains) as string[],
    uploaddomain: JSON.parse(row.upload_domains) as string[],
    downloaddomain: JSON.parse(row.download_domains) as string[],
  };
}

export function miniProgramsService(deps: MiniProgramDeps) {
  const { store, identity, categories, settings } = deps;
  const clock = deps.clock ?? Date.now;

  async function subjectTypeOf(app: MiniProgramRow): Promise<SubjectType> {
    return (await identity.ownedBy(app.owner_user_id, app.subject_id)).type;
  }

  async function view(app: MiniProgramRow): Promise<MiniProgramView> {
    const pairs = await store.categories(app.id);
    const found = await categories.lookup(pairs.map((p) => ({ firstId: p.first_id, secondId: p.second_id })));
    const resolved = found.map(({ openToIndividual: _, ...category }, i) => ({
      ...category,
      qualificationProvided: !!pairs[i]?.qualification,
    }));
    return {
      id: app.id,
      appid: app.appid,
      originalId: app.original_id,
      name: app.name,
      intro: app.intro,
      icon: app.icon,
      status: app.status,
      subjectId: app.subject_id,
      ownerUserId: app.owner_user_id,
      categories: resolved,
      ipAllowlist: JSON.parse(app.ip_allowlist) as string[],
      requestDomains: JSON.parse(app.request_domains) as string[],
      createdAt: app.created_at,
    };
  }

  /** The one access check: the app if the user owns it (or, with `asMember`, is a member); else "not found". */
  async function reach(userId: string, appId: string, asMember = false): Promise<MiniProgramRow> {
    const app = await store.findById(appId);
    if (app && app.owner_user_id === userId) return app;
    if (app && asMember && (await store.memberRoles(app.id, userId)).length > 0) return app;
    throw new WharfError('not_found', { what: 'mini program' });
  }

  /**
   * Resolves the chosen categories and pairs each that needs a qualification document with
   * one: the document sent now (stored as a blob), or the one already on file for that pair.
   */
  async function withQualifications(
    appId: string,
    choices: Array<CategoryChoice & { qualification?: string }>,
    subjectType: SubjectType,
  ) {
    const current = await store.categories(appId);
    const resolved = await categories.resolve(
      choices,
      subjectType,
      current.map((p) => ({ firstId: p.first_id, secondId: p.second_id })),
    );
    const onFile = new Map(current.map((p) => [`${p.first_id}/${p.second_id}`, p.qualification]));
    const sent = new Map(choices.map((c) => [`${c.firstId}/${c.secondId}`, c.qualification]));
    return Promise.all(
      resolved.map(async (category) => {
        const key = `${category.firstId}/${category.secondId}`;
        const document = sent.get(key);
        const qualification = document
          ? await deps.blobs.put(
              decodeDataUrl(document, QUALIFICATION_TYPES, MAX_QUALIFICATION_BYTES, 'categories'),
            )
          : (onFile.get(key) ?? null);
        if (category.needsQualification && !qualification) {
          throw new WharfError(
            'qualification_required',
            { name: `${category.firstClass}/${category.secondClass}` },
            'categories',
          );
        }
        return { firstId: category.firstId, secondId: category.secondId, qualification };
      }),
    );
  }

  async function issueSecret(app: MiniProgramRow, secret = newAppSecret()): Promise<string> {
    if (!isAppSecret(secret))
      throw new WharfError('validation_failed', { field: 'secret', reason: '32 hex characters' });
    if (app.secret_hash === sha256hex(secret)) return secret; // the demo seed re-run: nothing changes
    await store.update(app.id, { secret_hash: sha256hex(secret), updated_at: clock() });
    await deps.revokeTokens(app.appid);
    return secret;
  }

  /** WeChat's opaque per-app tester id; keyed, so nobody can test a guess against it. */
  function userstr(appid: string, subject: { userId: string } | { invitee: string }): string {
    const who = 'userId' in subject ? `user:${subject.userId}` : `invitee:${subject.invitee}`;
    return createHmac('sha256', deps.userstrKey).update(`${appid}:${who}`).digest('hex').slice(0, 32);
  }

  async function inviteeKeys(userId: string): Promise<string[]> {
    const user = await store.userById(userId);
    return user ? [user.email.toLowerCase(), user.id] : [userId];
  }

  /** "Not found" for an invitation that does not exist and for one addressed to someone else. */
  async function addressedTo(userId: string, invitationId: string): Promise<InvitationRow> {
    const invitation = await store.findInvitation(invitationId);
    if (!invitation || !(await inviteeKeys(userId)).includes(invitation.invitee))
      throw new WharfError('not_found', { what: 'invitation' });
    return invitation;
  }

  /**
   * The one way to make a member, for both faces: an invitation the invitee accepts.
   * `invitee` is an email (lower-cased) or, from `/wxa/bind_tester`, a user id. Whether an
   * account matches changes nothing in the answer, except for someone already a member in
   * that role (who consented, and whom the owner already sees).
   */
  async function inviteMember(
    app: Pick<MiniProgramRow, 'id' | 'appid'>,
    invitee: string,
    role: MemberRole,
    invitedBy: string,
  ): Promise<{ kind: 'invited'; invitation: InvitationRow } | { kind: 'already'; userstr: string }> {
    const user = await store.userByEmailOrId(invitee);
    if (user && (await store.memberRoles(app.id, user.id)).includes(role)) {
      const tester = (await store.testers(app.id)).find((t) => t.user_id === user.id);
      return { kind: 'already', userstr: tester?.userstr ?? userstr(app.appid, { userId: user.id }) };
    }
    if (role === 'tester') {
      const limit = await settings.get('code.testersPerApp');
      const pending = (await store.invitations(app.id)).filter(
        (i) => i.role === 'tester' && i.invitee !== invitee,
      );
      if ((await store.testers(app.id)).length + pending.length >= limit)
        throw new WharfError('tester_limit', { limit });
    }
    const invitation = await store.createInvitation({
      id: newId('inv'),
      app_id: app.id,
      invitee,
      role,
      userstr: userstr(app.appid, user ? { userId: user.id } : { invitee }),
      invited_by: invitedBy,
      created_at: clock(),
    });
    return { kind: 'invited', invitation };
  }

  return {
    reach,
    view,

    /** The client's search: released mini programs by name (public facts only). */
    async searchReleased(text: string): Promise<Array<{ appid: string; name: string; intro: string }>> {
      const rows = await store.searchReleased(text.trim(), 20);
      return rows.map((row) => ({ appid: row.appid, name: row.name ?? row.appid, intro: row.intro ?? '' }));
    },

    /** Registers a mini program for a verified subject, within the subject's quota. */
    async create(
      userId: string,
      subjectId: string,
      ids?: { appid: string; originalId: string },
    ): Promise<MiniProgramView> {
      const subject = await identity.ownedBy(userId, subjectId);
      if (subject.status !== 'verified') {
        throw new WharfError(
          waitsForNumberReview(subject) ? 'id_number_needs_review' : 'subject_not_verified',
          {},
          'subjectId',
        );
      }
      const individual = subject.type === 'individual';
      const limit = individual
        ? await settings.get('quota.individualMiniPrograms')
        : await settings.get('quota.organisationMiniPrograms');
      const now = clock();
      const row: MiniProgramRow = {
        id: newId('app'),
        appid: ids?.appid ?? newAppid(),
        original_id: ids?.originalId ?? newOriginalId(),
        owner_user_id: userId,
        subject_id: subject.id,
        name: null,
        intro: null,
        icon: null,
        status: 'registered',
        secret_hash: null,
        ip_allowlist: '[]',
        request_domains: '[]',
        webview_domains: '[]',
        socket_domains: '[]',
        upload_domains: '[]',
        download_domains: '[]',
        created_at: now,
        updated_at: now,
      };
      await store.transaction(async (tx) => {
        await tx.lockIdentity(userId, subject.id_number);
        const used = individual
          ? await tx.countIndividual(userId, subject.id_number)
          : await tx.countOrganisation(subject.id_number);
        if (used >= limit) {
          throw new WharfError('quota_exceeded', {
            quota: individual ? 'individual mini programs per person' : 'mini programs per organisation',
            limit,
            used,
          });
        }
        await tx.insert(row);
      });
      return view(row);
    },

    async listMine(userId: string): Promise<MiniProgramView[]> {
      return Promise.all((await store.listForUser(userId)).map(view));
    },

    async get(userId: string, appId: string): Promise<MiniProgramView> {
      return view(await reach(userId, appId, true));
    },

    /**
     * Fills in details. The first time name, intro, icon and categories are all present the app
     * moves to `details_complete` and its AppSecret is returned, once.
     */
    async updateDetails(
      userId: string,
      appId: string,
      input: DetailsInput,
    ): Promise<{ app: MiniProgramView; secret?: string }> {
      const app = await reach(userId, appId);
      const subjectType = await subjectTypeOf(app);
      const chosen = input.categories
        ? await withQualifications(app.id, input.categories, subjectType)
        : undefined;
      const name = input.name?.trim();
      if (name !== undefined) {
        if (name.length < 2 || name.length > 30) {
          throw new WharfError('validation_failed', { field: 'name', reason: '2 to 30 characters' });
        }
        const holder = await store.findByName(name);
        if (holder && holder.id !== app.id) throw new WharfError('name_taken', { name }, 'name');
      }
      const icon = input.icon !== undefined ? validateIcon(input.icon) : undefined;
      const patch: Partial<MiniProgramRow> = { updated_at: clock() };
      if (name !== undefined) patch.name = name;
      if (input.intro !== undefined) patch.intro = input.intro.trim();
      if (icon !== undefined) patch.icon = icon;
      if (input.ipAllowlist) patch.ip_allowlist = JSON.stringify(input.ipAllowlist);
      if (input.requestDomains) patch.request_domains = JSON.stringify(input.requestDomains);
      let secret: string | undefined;
      await store
        .transaction(async (tx) => {
          await tx.update(app.id, patch);
          if (chosen) await tx.replaceCategories(app.id, chosen);
          const after = (await tx.findById(app.id)) ?? app;
          const complete =
            !!after.name && !!after.intro && !!after.icon && (await tx.categories(app.id)).length > 0;
          if (after.status === 'registered' && complete) {
            secret = newAppSecret();
            await tx.update(app.id, { status: 'details_complete', secret_hash: sha256hex(secret) });
          }
        })
        .catch(async (error: unknown) => {
          // Two apps racing for one name: the unique index decides.
          if (name && (await store.findByName(name))?.id !== app.id)
            throw new WharfError('name_taken', { name }, 'name');
          throw error;
        });
      const updated = await view((await store.findById(app.id)) ?? app);
      return secret ? { app: updated, secret } : { app: updated };
    },

    /** Whether a name is free (the console checks it as the developer types); `appId` keeps its own. */
    async nameAvailable(name: string, appId?: string): Promise<{ available: boolean }> {
      const holder = await store.findByName(name.trim());
      return { available: !holder || holder.id === appId };
    },

    /**
     * A new AppSecret, shown once; the old one and every token issued with it stop working.
     * `secret` is for the demo seed, whose secrets are fixed so that examples can print them.
     */
    async resetSecret(userId: string, appId: string, secret?: string): Promise<string> {
      const app = await reach(userId, appId);
      if (app.status === 'registered') throw new WharfError('details_incomplete');
      return issueSecret(app, secret);
    },

    async members(userId: string, appId: string) {
      const app = await reach(userId, appId, true);
      return (await store.members(app.id)).map((m) => ({
        userId: m.id,
        email: m.email,
        displayName: m.display_name,
        role: m.role,
      }));
    },

    /**
     * Invites by email; the answer is the same whether or not an account has that email, and the
     * invitee is mailed either way (with the console's `#/invitations` on `origin`).
     */
    async invite(
      userId: string,
      appId: string,
      email: string,
      role: MemberRole,
      origin = '',
    ): Promise<InvitationView> {
      const app = await reach(userId, appId);
      const invitee = email.trim().toLowerCase();
      if (!EMAIL.test(invitee))
        throw new WharfError('validation_failed', { field: 'email', reason: 'an email address' }, 'email');
      const outcome = await inviteMember(app, invitee, role, userId);
      if (outcome.kind === 'already') throw new WharfError('member_already', { role }, 'email');
      const inviter = await deps.accounts.findById(userId);
      await deps.accounts.notify(
        invitationMail({
          to: invitee,
          inviter: inviter ? `${inviter.displayName} <${inviter.email}>` : '',
          app: app.name ?? app.appid,
          role,
          link: `${origin.replace(/\/$/, '')}/#/invitations`,
        }),
      );
      return presentInvitation(outcome.invitation);
    },

    inviteMember,

    /** The owner's view: what they typed, never anything of an account before it accepts. */
    async invitations(userId: string, appId: string): Promise<InvitationView[]> {
      const app = await reach(userId, appId);
      return (await store.invitations(app.id)).map(presentInvitation);
    },

    async cancelInvitation(userId: string, appId: string, invitationId: string): Promise<void> {
      const app = await reach(userId, appId);
      const invitation = await store.findInvitation(invitationId);
      if (!invitation || invitation.app_id !== app.id || !(await store.deleteInvitation(invitation.id)))
        throw new WharfError('not_found', { what: 'invitation' });
    },

    /** Invitations waiting for this account (addressed to its email or its id). */
    async myInvitations(userId: string) {
      return (await store.invitationsFor(await inviteeKeys(userId))).map((row) => ({
        id: row.id,
        appid: row.appid,
        appName: row.name,
        role: row.role,
        createdAt: row.created_at,
      }));
    },

    /** The invitee's consent: only now does the member exist, and the owner see the account. */
    async acceptInvitation(userId: string, invitationId: string): Promise<void> {
      const invitation = await addressedTo(userId, invitationId);
      const limit = await settings.get('code.testersPerApp');
      const perPerson = await settings.get(
        invitation.role === 'tester' ? 'members.testerAppsPerPerson' : 'members.developerAppsPerPerson',
      );
      await store.transaction(async (tx) => {
        await tx.lockApp(invitation.app_id);
        if (!(await tx.findInvitation(invitation.id)))
          throw new WharfError('not_found', { what: 'invitation' });
        // WeChat: one person is a member of at most 50 mini programs and a tester of at most 50 (85003).
        if ((await tx.roleCount(userId, invitation.role)) >= perPerson) {
          throw new WharfError('member_apps_limit', {
            role: invitation.role,
            roleZh: invitation.role === 'tester' ? '体验成员' : '开发者',
            limit: perPerson,
          });
        }
        const testers = await tx.testers(invitation.app_id);
        if (invitation.role === 'tester' && !testers.some((t) => t.user_id === userId)) {
          if (testers.length >= limit) throw new WharfError('tester_limit', { limit });
        }
        await tx.addMember(invitation.app_id, userId, invitation.role, clock(), invitation.userstr);
        await tx.deleteInvitation(invitation.id);
      });
    },

    async declineInvitation(userId: string, invitationId: string): Promise<void> {
      const invitation = await addressedTo(userId, invitationId);
      if (!(await store.deleteInvitation(invitation.id)))
        throw new WharfError('not_found', { what: 'invitation' });
    },

    userstr,

    async removeMember(userId: string, appId: string, memberId: string, role: MemberRole): Promise<void> {
      const app = await reach(userId, appId);
      if (!(await store.removeMember(app.id, memberId, role)))
        throw new WharfError('not_found', { what: 'member' });
    },

    /** The business domains (业务域名) `<web-view>` may show, of an app the user owns. */
    async webviewDomains(userId: string, appId: string): Promise<string[]> {
      return JSON.parse((await reach(userId, appId)).webview_domains) as string[];
    },

    /**
     * `/wxa/setwebviewdomain` (add / delete / set / get) for the app's own token, and the native
     * PUT (set). The app row is locked so two concurrent adds cannot lose one another.
     */
    async changeWebviewDomains(
      app: { appid: string } | { userId: string; appId: string },
      action: WebviewDomainAction,
      domains: readonly string[],
    ): Promise<{ list: string[]; changed: boolean }> {
      const row = 'appid' in app ? await store.findByAppid(app.appid) : await reach(app.userId, app.appId);
      if (!row) throw new WharfError('not_found', { what: 'mini program' });
      if (action === 'get')
        return applyWebviewDomains(JSON.parse(row.webview_domains) as string[], 'get', []);
      return store.transaction(async (tx) => {
        await tx.lockApp(row.id);
        const current = JSON.parse((await tx.findById(row.id))?.webview_domains ?? '[]') as string[];
        const result = applyWebviewDomains(current, action, domains);
        if (result.changed)
          await tx.update(row.id, { webview_domains: JSON.stringify(result.list), updated_at: clock() });
        return result;
      });
    },

    /**
     * The server domains (服务器域名): `/wxa/modify_domain` (add / delete / set / get, invalid
     * entries filtered out and reported) for the app's own token, and the native GET / PUT
     * (`strict`: an invalid entry refuses the change). The app row is locked as for business domains.
     */
    async changeServerDomains(
      app: { appid: string } | { userId: string; appId: string },
      action: ServerDomainAction,
      requested: Partial<ServerDomains>,
      strict: boolean,
    ): Promise<DomainChange> {
      const row = 'appid' in app ? await store.findByAppid(app.appid) : await reach(app.userId, app.appId);
      if (!row) throw new WharfError('not_found', { what: 'mini program' });
      if (action === 'get') return applyServerDomains(serverDomainsOf(row), 'get', {}, strict);
      return store.transaction(async (tx) => {
        await tx.lockApp(row.id);
        const current = serverDomainsOf((await tx.findById(row.id)) ?? row);
        const result = applyServerDomains(current, action, requested, strict);
        if (result.changed) {
          const patch: Partial<MiniProgramRow> = { updated_at: clock() };
          for (const kind of DOMAIN_KINDS) patch[DOMAIN_COLUMNS[kind]] = JSON.stringify(result.domains[kind]);
          await tx.update(row.id, patch);
        }
        return result;
      });
    },

    /** Whether the user may open development and trial versions: owner, developer or tester. */
    async isMemberOrOwner(appid: string, userId: string): Promise<boolean> {
      const app = await store.findByAppid(appid);
      if (!app) return false;
      return app.owner_user_id === userId || (await store.memberRoles(app.id, userId)).length > 0;
    },
  };
}

export interface InvitationView {
  id: string;
  /** What the inviter typed (an email, or a user id from `/wxa/bind_tester`). */
  invitee: string;
  role: MemberRole;
  createdAt: number;
}

function presentInvitation(row: InvitationRow): InvitationView {
  return { id: row.id, invitee: row.invitee, role: row.role, createdAt: row.created_at };
}

export type MiniProgramsService = ReturnType<typeof miniProgramsService>;
