import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { Fanout } from '../../delivery/fanout/fanout.feature.ts';
import type { PushService } from '../../delivery/push/push.service.ts';
import { WharfError } from '../../errors/wharf-error.ts';
import type { LinksService } from '../official-accounts/links.service.ts';
import type { OfficialAccountsService } from '../official-accounts/official-accounts.service.ts';
import { seconds } from '../official-accounts/official-accounts.service.ts';
import type { OfficialAccountRow } from '../official-accounts/official-accounts.store.ts';
import { isOpenid } from '../official-accounts/openid.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { type Industry, industryById } from './industries.ts';
import type { LibraryRow, OaTemplatesStore, PrivateTemplateRow } from './oa-templates.store.ts';
import { placeholderKeys, type RenderedField, renderText, validateData } from './template-content.ts';

/** Launch scene of a mini program opened from an official account's template message. */
export const TEMPLATE_MESSAGE_SCENE = 1043;
/** A repeated `client_msg_id` for the same user within this window sends nothing (WeChat: 10 minutes). */
export const CLIENT_MSG_ID_WINDOW_MS = 10 * 60 * 1000;
/** WeChat's TEMPLATESENDJOBFINISH statuses (note the space in the last one: WeChat's spelling). */
export const SEND_STATUS = {
  success: 'success',
  userBlock: 'failed:user block',
  systemFailed: 'failed: system failed',
} as const;
const URL_MAX_BYTES = 1024;

type TemplateQueries = Pick<OaTemplatesStore, 'industry' | 'privateTemplates' | 'lockAccount'>;

/**
 * What a console tab saw of an account's template settings: its two industries and its
 * templates. A write naming another revision answers `oa_template_conflict` at `field`.
 */
export interface SeenRevision {
  revision: string;
  field: string;
}

/** The settings' revision: a digest of the industries and the template ids (no column to keep). */
async function revisionOf(queries: TemplateQueries, accountId: string): Promise<string> {
  const industry = await queries.industry(accountId);
  const ids = (await queries.privateTemplates(accountId)).map((row) => row.template_id).sort();
  const state = JSON.stringify([industry?.primary_id ?? 0, industry?.secondary_id ?? 0, ids]);
  return createHash('sha256').update(state).digest('hex').slice(0, 16);
}

/** Locks the account and refuses a write based on settings the tab no longer sees. */
async function checkSeen(queries: TemplateQueries, accountId: string, seen: SeenRevision | undefined) {
  if (!seen) return;
  await queries.lockAccount(accountId);
  if ((await revisionOf(queries, accountId)) !== seen.revision)
    throw new WharfError('oa_template_conflict', {}, seen.field);
}

export interface SendInput {
  touser: string;
  templateId: string;
  url?: string;
  miniprogram?: { appid: string; pagepath: string };
  clientMsgId?: string;
  data: unknown;
}

/** A send that passed every check, not yet written (see `commit`). */
export interface CheckedSend {
  account: OfficialAccountRow;
  template: PrivateTemplateRow;
  input: SendInput;
  fields: RenderedField[];
  dailyLimit: number;
}

const dayStart = (now: number) => now - (now % 86_400_000);

function industryView(industry: Industry | undefined) {
  return industry ? { first_class: industry.firstClass, second_class: industry.secondClass } : undefined;
}

/** WeChat's template_id: 43 characters of base64url, like the ids WeChat hands out. */
const newTemplateId = () => randomBytes(32).toString('base64url');

/**
 * Template messages of service accounts: industries, the platform library, each account's
 * private templates, and sending one message to one follower through the delivery engine.
 */
export function oaTemplatesService(deps: {
  store: OaTemplatesStore;
  accounts: OfficialAccountsService;
  links: LinksService;
  delivery: Pick<Fanout, 'post'>;
  push: Pick<PushService, 'enqueue' | 'kick'>;
  settings: SettingsService;
  clock: () => number;
}) {
  const { store, accounts, links, settings, clock } = deps;

  /** Template messages are for service accounts only (WeChat's rule): 48001 otherwise. */
  async function serviceAccount(accountId: string): Promise<OfficialAccountRow> {
    const account = await accounts.byId(accountId);
    if (account.type !== 'service') throw new WharfError('oa_templates_service_only');
    return account;
  }

  function libraryView(row: LibraryRow) {
    const industry = industryById(row.industry_id);
    return {
      shortId: row.short_id,
      title: row.title,
      industryId: row.industry_id,
      primaryIndustry: industry?.firstClass ?? '',
      deputyIndustry: industry?.secondClass ?? '',
      content: row.content,
      example: row.example,
      keys: placeholderKeys(row.content),
    };
  }

  function privateView(row: PrivateTemplateRow) {
    const industry = industryById(row.industry_id);
    return {
      template_id: row.template_id,
      title: row.title,
      primary_industry: industry?.firstClass ?? '',
      deputy_industry: industry?.secondClass ?? '',
      content: row.content,
      example: row.example,
    };
  }

  function checkLibraryInput(input: { title: string; industryId: number; content: string }) {
    if (!industryById(input.industryId)) {
      throw new WharfError('oa_industry_invalid', { field: 'industryId' }, 'industryId');
    }
    if (input.title.trim() === '') {
      throw new WharfError('validation_failed', { field: 'title', reason: 'empty' });
    }
    if (placeholderKeys(input.content).length === 0) {
      throw new WharfError('validation_failed', {
        field: 'content',
        reason: 'needs at least one {{key.DATA}} placeholder',
      });
    }
  }

  /**
   * Writes a checked send: the message and its delivery, the send row and the TEMPLATESENDJOBFINISH
   * event, in one transaction. The follower row is locked, so an unfollow waits; a user who
   * unfollowed since the checks gets nothing and the event says `failed:user block`.
   */
  async function commit(checked: CheckedSend): Promise<{ msgid: number; repeated: boolean }> {
    const { account, template, input, fields } = checked;
    const now = clock();
    const written = await store.transaction(async (tx) => {
      const follower = await tx.lockFollower(account.id, input.touser);
      if (input.clientMsgId) {
        const earlier = await tx.recentSend(
          account.id,
          input.touser,
          input.clientMsgId,
          now - CLIENT_MSG_ID_WINDOW_MS,
        );
        if (earlier) return { msgid: Number(earlier.msgid), repeated: true, announce: undefined };
      }
      const used = await tx.sendsSince(account.id, dayStart(now));
      if (used >= checked.dailyLimit) {
        throw new WharfError('oa_template_daily_quota', { limit: checked.dailyLimit });
      }
      const posted = await deps.delivery.post(
        {
          senderAccountId: account.id,
          kind: 'template',
          body: {
            templateId: template.template_id,
            title: template.title,
            content: template.content,
            fields,
            text: renderText(template.content, fields),
            url: input.url ?? '',
            miniprogram: input.miniprogram ?? null,
            scene: TEMPLATE_MESSAGE_SCENE,
          },
          audience: { users: follower ? [follower.user_id] : [] },
        },
        tx.db,
      );
      const status = !follower
        ? SEND_STATUS.userBlock
        : posted.delivered === 1
          ? SEND_STATUS.success
          : SEND_STATUS.systemFailed;
      let msgid = 0;
      for (let attempt = 0; msgid === 0; attempt++) {
        if (attempt === 5) throw new Error('no free msgid after 5 attempts');
        const candidate = randomInt(1_000_000_000, 2 ** 47);
        const inserted = await tx.insertSend({
          msgid: candidate,
          account_id: account.id,
          openid: input.touser,
          template_id: template.template_id,
          client_msg_id: input.clientMsgId ?? null,
          message_id: posted.messageId,
          status,
          created_at: now,
        });
        if (inserted) msgid = candidate;
      }
      await deps.push.enqueue(tx.db, account.appid, {
        ToUserName: account.original_id,
        FromUserName: input.touser,
        CreateTime: seconds(now),
        MsgType: 'event',
        Event: 'TEMPLATESENDJOBFINISH',
        MsgID: msgid,
        Status: status,
      });
      return { msgid, repeated: false, announce: posted.announce };
    });
    if (written.announce) {
      await written.announce();
      deps.push.kick();
    }
    return { msgid: written.msgid, repeated: written.repeated };
  }

  /** Every check of a send, in WeChat's terms; nothing is written. */
  async function check(accountId: string, input: SendInput): Promise<CheckedSend> {
    const account = await serviceAccount(accountId);
    if (!isOpenid(input.touser)) throw new WharfError('oa_invalid_openid');
    const follower = await accounts.followerByOpenid(account.id, input.touser);
    if (!follower) {
      // Openids differ per account: one that another account's follower holds is not this account's.
      if (await store.openidOfAnyAccount(input.touser)) throw new WharfError('oa_invalid_openid');
      throw new WharfError('oa_not_following');
    }
    const template = input.templateId ? await store.privateTemplate(account.id, input.templateId) : undefined;
    if (!template) throw new WharfError('oa_template_invalid');
    if (input.url !== undefined && Buffer.byteLength(input.url) > URL_MAX_BYTES) {
      throw new WharfError('oa_template_url_size');
    }
    const fields = validateData(template.content, input.data);
    if (input.miniprogram) {
      await links.checkTarget(account.id, input.miniprogram.appid, input.miniprogram.pagepath);
    }
    return { account, template, input, fields, dailyLimit: await settings.get('templates.dailyPerAccount') };
  }

  const api = {
    serviceAccount,

    /** `template/api_set_industry`: two ids of WeChat's industry table (40102 otherwise). */
    async setIndustry(
      accountId: string,
      primaryId: number,
      secondaryId: number,
      seen?: SeenRevision,
    ): Promise<void> {
      const account = await serviceAccount(accountId);
      if (!industryById(primaryId)) throw new WharfError('oa_industry_invalid', { field: 'industry_id1' });
      if (!industryById(secondaryId)) throw new WharfError('oa_industry_invalid', { field: 'industry_id2' });
      await store.transaction(async (tx) => {
        await checkSeen(tx, account.id, seen);
        await tx.setIndustry({
          account_id: account.id,
          primary_id: primaryId,
          secondary_id: secondaryId,
          updated_at: clock(),
        });
      });
    },

    /** The revision of the account's industries and templates, for a console tab to send back. */
    async revision(accountId: string): Promise<string> {
      return revisionOf(store, (await serviceAccount(accountId)).id);
    },

    /** `template/get_industry`: WeChat's `primary_industry` / `secondary_industry` (absent until set). */
    async getIndustry(accountId: string) {
      const account = await serviceAccount(accountId);
      const row = await store.industry(account.id);
      return {
        primary_industry: industryView(row && industryById(row.primary_id)),
        secondary_industry: industryView(row && industryById(row.secondary_id)),
      };
    },

    /** The platform's template library, for the console. */
    async library() {
      return (await store.library()).map(libraryView);
    },

    /** A platform admin adds a template to the library. */
    async addLibraryTemplate(input: {
      shortId: string;
      title: string;
      industryId: number;
      content: string;
      example: string;
    }) {
      checkLibraryInput(input);
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(input.shortId)) {
        throw new WharfError('validation_failed', {
          field: 'shortId',
          reason: 'letters, digits, _ and - only',
        });
      }
      const row: LibraryRow = {
        short_id: input.shortId,
        title: input.title.trim(),
        industry_id: input.industryId,
        content: input.content,
        example: input.example,
        updated_at: clock(),
      };
      if (!(await store.insertLibraryTemplate(row))) {
        throw new WharfError('oa_library_template_exists', { shortId: input.shortId }, 'shortId');
      }
      return libraryView(row);
    },

    /** A platform admin edits a library template; accounts' copies added before keep their content. */
    async updateLibraryTemplate(
      shortId: string,
      input: { title: string; industryId: number; content: string; example: string },
    ) {
      checkLibraryInput(input);
      const patch = {
        title: input.title.trim(),
        industry_id: input.industryId,
        content: input.content,
        example: input.example,
        updated_at: clock(),
      };
      if (!(await store.updateLibraryTemplate(shortId, patch))) {
        throw new WharfError('not_found', { what: 'library template' });
      }
      return libraryView({ short_id: shortId, ...patch });
    },

    /**
     * `template/api_add_template`: copies a library template (by `template_id_short`) to the
     * account. Its industry must be one of the account's two (45027); 25 templates at most (45026).
     */
    async addTemplate(
      accountId: string,
      shortId: string,
      seen?: SeenRevision,
    ): Promise<{ templateId: string }> {
      const account = await serviceAccount(accountId);
      const source = shortId ? await store.libraryTemplate(shortId) : undefined;
      if (!source) throw new WharfError('oa_template_invalid');
      const limit = await settings.get('templates.privatePerAccount');
      const templateId = newTemplateId();
      await store.transaction(async (tx) => {
        await checkSeen(tx, account.id, seen);
        await tx.lockAccount(account.id);
        const industry = await tx.industry(account.id);
        if (
          !industry ||
          (industry.primary_id !== source.industry_id && industry.secondary_id !== source.industry_id)
        ) {
          throw new WharfError('oa_template_industry_conflict');
        }
        if ((await tx.countPrivateTemplates(account.id)) >= limit) {
          throw new WharfError('oa_template_limit', { limit });
        }
        await tx.insertPrivateTemplate({
          template_id: templateId,
          account_id: account.id,
          short_id: source.short_id,
          title: source.title,
          industry_id: source.industry_id,
          content: source.content,
          example: source.example,
          created_at: clock(),
        });
      });
      return { templateId };
    },

    /** The account's template copied from `shortId`, added now if it has none (the demo's seed). */
    async ensureTemplate(accountId: string, shortId: string): Promise<string> {
      const account = await serviceAccount(accountId);
      const existing = (await store.privateTemplates(account.id)).find((row) => row.short_id === shortId);
      return existing?.template_id ?? (await api.addTemplate(account.id, shortId)).templateId;
    },

    /** Template messages the account has sent, ever. */
    sentCount: (accountId: string) => store.sendsSince(accountId, 0),

    /** `template/get_all_private_template`: WeChat's fields. */
    async privateTemplates(accountId: string) {
      const account = await serviceAccount(accountId);
      return (await store.privateTemplates(account.id)).map(privateView);
    },

    /** `template/del_private_template`; 40037 for an id the account does not have. */
    async deleteTemplate(accountId: string, templateId: string, seen?: SeenRevision): Promise<void> {
      const account = await serviceAccount(accountId);
      await store.transaction(async (tx) => {
        await checkSeen(tx, account.id, seen);
        if (!templateId || !(await tx.deletePrivateTemplate(account.id, templateId))) {
          throw new WharfError('oa_template_invalid');
        }
      });
    },

    check,
    commit,

    /** `message/template/send`: checks, then stores and delivers; a repeated `client_msg_id` answers the same msgid. */
    async send(accountId: string, input: SendInput): Promise<{ msgid: number; repeated: boolean }> {
      return commit(await check(accountId, input));
    },

    /** What a send recorded, by msgid (the console's view of a test send). */
    async sent(accountId: string, msgid: number) {
      const row = await store.sendByMsgid(accountId, msgid);
      return row && { msgid: Number(row.msgid), status: row.status, messageId: row.message_id };
    },
  };
  return api;
}

export type OaTemplatesService = ReturnType<typeof oaTemplatesService>;
