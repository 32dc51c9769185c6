import type { Fanout } from '../../delivery/fanout/fanout.feature.ts';
import { WharfError } from '../../errors/wharf-error.ts';
import { randomToken, sortableId } from '../../security/secrets.ts';
import type { Db } from '../../store/database.ts';
import { placeholderKeys, type RenderedField, validateData } from '../oa-templates/template-content.ts';
import { isOpenid, openidFor } from '../official-accounts/openid.ts';
import { mpMessagesStore as store } from './mp-messages.store.ts';
import type { FormIdSource } from './mp-messages.tables.ts';
import { keywordsOf, type MpTemplatesService } from './mp-templates.service.ts';
import { ruleViolation } from './template-library.ts';
import { ENV_VERSION, type EnvVersion, type MiniprogramState, pagePath } from './version-pages.ts';

/** Scenes WeChat reports for a mini program opened from a service notification. */
export const TEMPLATE_SCENE = 1014;
export const SUBSCRIBE_SCENE = 1107;
/** A form_id lasts 7 days: one message from a form, three from a payment (WeChat's rule). */
export const FORM_ID_LIFETIME_MS = 7 * 24 * 3600 * 1000;
export const FORM_ID_USES: Record<FormIdSource, number> = { form: 1, payment: 3 };
/** Unspent form_ids one user may hold per mini program: a runaway form cannot fill the table. */
export const FORM_IDS_PER_USER = 200;
const LANGS = ['zh_CN', 'en_US', 'zh_HK', 'zh_TW'];

export interface MiniProgramRef {
  id: string;
  appid: string;
  name: string | null;
}

export type Decision = 'accept' | 'reject' | 'filter';

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const invalidArg = (field: string, reason: string) =>
  new WharfError('oa_template_data_invalid', { field, reason });

/**
 * A mini program's messages into a user's "service notifications": 2017 template messages
 * (`wxopen/template/send`, spending a form_id) and subscription messages (`subscribe/send`,
 * spending a consent), each opening its page with its scene.
 */
export function mpNotificationsService(deps: {
  db: Db;
  openidKey: string;
  templates: MpTemplatesService;
  delivery: Pick<Fanout, 'post'>;
  pagesOf: (appid: string, target: EnvVersion) => Promise<string[] | undefined>;
  /** The end user behind this mini program's openid. */
  userByOpenid: (app: MiniProgramRef, openid: string) => Promise<string | undefined>;
  clock: () => number;
}) {
  const { db, clock } = deps;
  const openid = (app: MiniProgramRef, userId: string) => openidFor(deps.openidKey, app.appid, userId);

  async function checkPage(app: MiniProgramRef, page: string, target: EnvVersion): Promise<void> {
    if (page === '') return;
    const pages = await deps.pagesOf(app.appid, target);
    if (!pages?.includes(pagePath(page))) throw new WharfError('mp_page_invalid', { page });
  }

  function fieldsOf(content: string, data: unknown): RenderedField[] {
    // WeChat sends an empty template when `data` is left out.
    return data === undefined
      ? placeholderKeys(content).map((key) => ({ key, value: '' }))
      : validateData(content, data);
  }

  async function deliver(
    kind: 'mp_template' | 'mp_subscribe',
    userId: string,
    body: Record<string, unknown>,
    spend: (tx: Db) => Promise<void>,
  ): Promise<void> {
    const announce = await db.transaction().execute(async (tx) => {
      await spend(tx);
      const posted = await deps.delivery.post(
        { senderAccountId: null, kind, body, audience: { users: [userId] } },
        tx,
      );
      return posted.announce;
    });
    await announce();
  }

  return {
    openid,

    /** A `<form report-submit>` submitted in the client: a fresh form_id bound to the user. */
    async issueFormId(app: MiniProgramRef, userId: string, source: FormIdSource = 'form'): Promise<string> {
      const now = clock();
      if ((await store.activeFormIds(db, app.id, userId, now)) >= FORM_IDS_PER_USER)
        throw new WharfError('mp_form_ids_exhausted', { limit: FORM_IDS_PER_USER });
      const formId = randomToken(32);
      await store.insertFormId(db, {
        form_id: formId,
        app_id: app.id,
        user_id: userId,
        openid: openid(app, userId),
        source,
        uses_left: FORM_ID_USES[source],
        expires_at: now + FORM_ID_LIFETIME_MS,
        created_at: now,
      });
      return formId;
    },

    /**
     * The user's answers to `wx.requestSubscribeMessage`: each accepted template of the app's
     * allows one message; ids that are not the app's subscription templates come back `filter`.
     */
    async subscribe(
      app: MiniProgramRef,
      userId: string,
      answers: Record<string, 'accept' | 'reject'>,
    ): Promise<Record<string, Decision>> {
      const now = clock();
      const result: Record<string, Decision> = {};
      await db.transaction().execute(async (tx) => {
        for (const [templateId, answer] of Object.entries(answers)) {
          const template = await store.template(tx, app.id, 'subscribe', templateId);
          if (!template) {
            result[templateId] = 'filter';
            continue;
          }
          result[templateId] = answer;
          // A refusal is kept too: the user is known to the mini program, and a send answers 43101.
          await store.insertSubscription(tx, {
            id: sortableId('sub'),
            app_id: app.id,
            user_id: userId,
            openid: openid(app, userId),
            template_id: templateId,
            decision: answer,
            created_at: now,
            used_at: null,
          });
        }
      });
      return result;
    },

    /** `/cgi-bin/message/wxopen/template/send`: every check first, then the form_id is spent with the delivery. */
    async sendTemplate(app: MiniProgramRef, body: Record<string, unknown>): Promise<void> {
      const touser = text(body.touser) ?? '';
      if (!isOpenid(touser)) throw new WharfError('oa_invalid_openid');
      const template = await deps.templates.get(app.id, 'template', body.template_id);
      const page = text(body.page) ?? '';
      await checkPage(app, page, 'release');
      const formId = text(body.form_id) ?? '';
      const now = clock();
      const form = formId ? await store.formId(db, app.id, formId) : undefined;
      // Bound to the user who submitted it: another openid's form_id is as good as none.
      if (!form || form.openid !== touser || form.expires_at <= now)
        throw new WharfError('mp_form_id_invalid');
      if (form.uses_left <= 0) throw new WharfError('mp_form_id_used');
      const fields = fieldsOf(template.content, body.data);
      const keywords = keywordsOf(template);
      const emphasis = text(body.emphasis_keyword) ?? '';
      const emphasised = emphasis ? keywords.find((k) => `${k.key}.DATA` === emphasis) : undefined;
      if (emphasis && !emphasised) throw invalidArg('emphasis_keyword', `no ${emphasis} in the template`);
      await deliver(
        'mp_template',
        form.user_id,
        {
          appid: app.appid,
          appName: app.name ?? '',
          title: template.title,
          fields: fields.map((f) => ({ ...f, name: keywords.find((k) => k.key === f.key)?.name ?? f.key })),
          emphasis: emphasised?.key ?? null,
          page,
          envVersion: 'release',
          scene: TEMPLATE_SCENE,
        },
        async (tx) => {
          if (!(await store.useFormId(tx, formId, now))) throw new WharfError('mp_form_id_used');
        },
      );
    },

    /** `/cgi-bin/message/subscribe/send`: spends one consent of the user for the template (43101 without). */
    async sendSubscribe(app: MiniProgramRef, body: Record<string, unknown>): Promise<void> {
      const touser = text(body.touser) ?? '';
      const userId = isOpenid(touser) ? await deps.userByOpenid(app, touser) : undefined;
      if (!userId) throw new WharfError('oa_invalid_openid');
      const template = await deps.templates.get(app.id, 'subscribe', body.template_id);
      const state = (text(body.miniprogram_state) ?? 'formal') as MiniprogramState;
      if (!(state in ENV_VERSION)) throw invalidArg('miniprogram_state', 'developer, trial or formal');
      const lang = text(body.lang) ?? 'zh_CN';
      if (!LANGS.includes(lang)) throw invalidArg('lang', LANGS.join(', '));
      const page = text(body.page) ?? '';
      const envVersion = ENV_VERSION[state];
      await checkPage(app, page, envVersion);
      const fields = fieldsOf(template.content, body.data);
      const keywords = keywordsOf(template);
      for (const field of fields) {
        const keyword = keywords.find((k) => k.key === field.key);
        const broken = keyword && ruleViolation(keyword.rule, field.value);
        if (broken) throw invalidArg(`data.${field.key}.value`, broken);
      }
      const now = clock();
      await deliver(
        'mp_subscribe',
        userId,
        {
          appid: app.appid,
          appName: app.name ?? '',
          title: template.title,
          fields: fields.map(({ key, value }) => ({
            key,
            value,
            name: keywords.find((k) => k.key === key)?.name ?? key,
          })),
          emphasis: null,
          page,
          envVersion,
          lang,
          scene: SUBSCRIBE_SCENE,
        },
        async (tx) => {
          if (!(await store.useSubscription(tx, app.id, touser, template.template_id, now)))
            throw new WharfError('mp_subscription_missing');
        },
      );
    },

    /** The user's service notifications, newest first. */
    async list(userId: string, options: { before?: number; limit?: number } = {}) {
      const rows = await store.notifications(
        db,
        userId,
        options.before ?? Number.MAX_SAFE_INTEGER,
        Math.min(options.limit ?? 50, 100),
      );
      return rows.map((row) => ({
        id: row.id,
        kind: row.kind,
        body: JSON.parse(row.body) as Record<string, unknown>,
        at: Number(row.created_at),
      }));
    },
  };
}

export type MpNotificationsService = ReturnType<typeof mpNotificationsService>;
