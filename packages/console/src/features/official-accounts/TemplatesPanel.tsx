import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api, errorOf, messageOf } from '../../lib/api';
import { Field, FormError, fieldError, useSubmit } from '../../lib/forms';
import { useLinkedApps, useReleasedPages } from './MenuEditor';
import type { Follower, LibraryTemplate, OfficialAccount, PrivateTemplate } from './types';

/** A template's fields in order, each labelled by the text before it on its line (支付金额：) or its key. */
export function templateFields(content: string): Array<{ key: string; label: string }> {
  const fields: Array<{ key: string; label: string }> = [];
  for (const line of content.split('\n')) {
    for (const match of line.matchAll(/([^{}]*)\{\{\s*([A-Za-z0-9_]+)\.DATA\s*\}\}/g)) {
      const key = match[2] as string;
      const label = (match[1] ?? '').trim().replace(/[：:]$/, '');
      if (!fields.some((field) => field.key === key)) fields.push({ key, label: label || key });
    }
  }
  return fields;
}

/** 模板消息: industries, the library, the account's templates, and a test send to one follower. */
export function TemplatesPanel(props: { account: OfficialAccount }) {
  const { t, i18n } = useTranslation();
  const { account } = props;
  const [refusal, setRefusal] = useState<ApiError | undefined>();
  const [library, setLibrary] = useState<LibraryTemplate[]>([]);
  const [mine, setMine] = useState<PrivateTemplate[]>([]);
  const [industry, setIndustry] = useState({ primary: '', secondary: '' });
  /** The revision of the industries and templates this tab shows: a write from a stale tab is refused. */
  const [revision, setRevision] = useState<string | undefined>();
  /** The library entry or template the last add / delete was for, where its refusal shows. */
  const [target, setTarget] = useState('');
  const industrySubmit = useSubmit();
  const changing = useSubmit();

  const load = useCallback(async () => {
    const path = { params: { path: { id: account.id } } };
    const [templates, current, lib, revised] = await Promise.all([
      api.GET('/api/v1/official-accounts/{id}/templates', path),
      api.GET('/api/v1/official-accounts/{id}/industry', path),
      api.GET('/api/v1/template-library'),
      api.GET('/api/v1/official-accounts/{id}/templates/revision', path),
    ]);
    setRevision(revised.data?.revision);
    // Subscription accounts have no template messages (48001): the page says why.
    setRefusal(templates.response.ok ? undefined : errorOf((templates as { error?: unknown }).error));
    setMine(templates.data ?? []);
    setLibrary(lib.data ?? []);
    const byName = (name?: string) =>
      String((lib.data ?? []).find((entry) => entry.deputyIndustry === name)?.industryId ?? '');
    if (current.data)
      setIndustry({
        primary: byName(current.data.primary_industry?.second_class),
        secondary: byName(current.data.secondary_industry?.second_class),
      });
  }, [account.id]);
  useEffect(() => {
    void load();
  }, [load]);

  const industries = useMemo(() => {
    const seen = new Map<number, string>();
    for (const entry of library)
      seen.set(entry.industryId, `${entry.primaryIndustry} / ${entry.deputyIndustry}`);
    return [...seen.entries()].sort((a, b) => a[0] - b[0]);
  }, [library]);

  async function saveIndustry(event: React.FormEvent) {
    event.preventDefault();
    const ok = await industrySubmit.run(() =>
      api.PUT('/api/v1/official-accounts/{id}/industry', {
        params: { path: { id: account.id } },
        body: {
          primary: Number(industry.primary),
          secondary: Number(industry.secondary),
          ...(revision ? { revision } : {}),
        },
      }),
    );
    if (ok) await load();
  }

  async function add(shortId: string) {
    setTarget(shortId);
    if (
      await changing.run(() =>
        api.POST('/api/v1/official-accounts/{id}/templates', {
          params: { path: { id: account.id } },
          body: { shortId, ...(revision ? { revision } : {}) },
        }),
      )
    )
      await load();
  }

  async function remove(templateId: string) {
    setTarget(templateId);
    if (
      await changing.run(() =>
        api.DELETE('/api/v1/official-accounts/{id}/templates/{templateId}', {
          params: { path: { id: account.id, templateId }, query: revision ? { revision } : {} },
        }),
      )
    )
      await load();
  }

  /** After a conflict: show what the account holds now; nothing of this tab's was saved. */
  async function reload() {
    industrySubmit.setError(undefined);
    changing.setError(undefined);
    await load();
  }
  const conflict = (error: ApiError | undefined) =>
    error?.code === 'oa_template_conflict' && (
      <button type="button" className="link reload" onClick={() => void reload()}>
        {t('oaPages.templates.reload')}
      </button>
    );
  /** A refusal of the add / delete of this entry, shown at its row. */
  const rowError = (field: 'shortId' | 'templateId', id: string) => {
    const error = target === id ? fieldError(changing.error, field) : undefined;
    return (
      error && (
        <p className="form-error field-error" role="alert">
          {messageOf(error, i18n.language)} {conflict(error)}
        </p>
      )
    );
  };

  if (refusal)
    return (
      <div className="card templates">
        <h2>{t('oaPages.templates.title')}</h2>
        <FormError error={refusal} />
      </div>
    );

  const industrySelect = (which: 'primary' | 'secondary', label: string) => (
    <Field label={label} error={fieldError(industrySubmit.error, which)}>
      {(a) => (
        <select
          {...a}
          value={industry[which]}
          onChange={(e) => setIndustry({ ...industry, [which]: e.target.value })}
        >
          <option value="">{t('oaPages.templates.pickIndustry')}</option>
          {industries.map(([id, name]) => (
            <option key={id} value={String(id)}>
              {name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  return (
    <div className="templates-layout">
      <form className="card industry" onSubmit={saveIndustry}>
        <h2>{t('oaPages.templates.industry')}</h2>
        {industrySelect('primary', t('oaPages.templates.primary'))}
        {industrySelect('secondary', t('oaPages.templates.secondary'))}
        {conflict(fieldError(industrySubmit.error, 'primary'))}
        <FormError error={industrySubmit.error} fields={['primary', 'secondary']} />
        <button type="submit" disabled={industrySubmit.busy}>
          {t('oaPages.templates.saveIndustry')}
        </button>
      </form>

      <div className="card templates">
        <h2>{t('oaPages.templates.mine', { count: mine.length })}</h2>
        {mine.length === 0 && <p className="muted">{t('oaPages.templates.noneYet')}</p>}
        <ul className="template-list">
          {mine.map((template) => (
            <li key={template.template_id} className="template-row" data-template={template.template_id}>
              <strong>{template.title}</strong>{' '}
              <span className="muted">
                {template.primary_industry} / {template.deputy_industry}
              </span>
              <pre>{template.content}</pre>
              <code className="muted">{template.template_id}</code>{' '}
              <button type="button" className="link" onClick={() => void remove(template.template_id)}>
                {t('oaPages.templates.delete')}
              </button>
              {rowError('templateId', template.template_id)}
            </li>
          ))}
        </ul>
        <FormError error={changing.error} fields={['shortId', 'templateId']} />
        <h3>{t('oaPages.templates.library')}</h3>
        <ul className="library-list">
          {library.map((entry) => (
            <li key={entry.shortId} className="library-row" data-short={entry.shortId}>
              <strong>{entry.title}</strong>{' '}
              <span className="muted">
                {entry.primaryIndustry} / {entry.deputyIndustry} · {entry.shortId}
              </span>{' '}
              <button type="button" disabled={changing.busy} onClick={() => void add(entry.shortId)}>
                {t('oaPages.templates.add')}
              </button>
              {rowError('shortId', entry.shortId)}
            </li>
          ))}
        </ul>
      </div>

      {mine.length > 0 && <SendForm account={account} templates={mine} />}
    </div>
  );
}

/** A test message of one template to one follower, optionally opening a linked mini program's page. */
function SendForm(props: { account: OfficialAccount; templates: PrivateTemplate[] }) {
  const { t } = useTranslation();
  const { account, templates } = props;
  const [templateId, setTemplateId] = useState(templates[0]?.template_id ?? '');
  const [followers, setFollowers] = useState<Follower[]>([]);
  const [openid, setOpenid] = useState('');
  const [data, setData] = useState<Record<string, string>>({});
  const [appid, setAppid] = useState('');
  const [pagepath, setPagepath] = useState('');
  const [url, setUrl] = useState('');
  const [result, setResult] = useState<{ msgid: number; status: string } | undefined>();
  const links = useLinkedApps(account.id);
  const pages = useReleasedPages(account.id, appid || undefined);
  const submit = useSubmit();
  const template = templates.find((entry) => entry.template_id === templateId) ?? templates[0];
  const fields = template ? templateFields(template.content) : [];

  useEffect(() => {
    void api
      .GET('/api/v1/official-accounts/{id}/followers', {
        params: { path: { id: account.id }, query: { size: 100 } },
      })
      .then(({ data: page }) => setFollowers(page?.items ?? []));
  }, [account.id]);

  async function send(event: React.FormEvent) {
    event.preventDefault();
    if (!template) return;
    setResult(undefined);
    let answer: { msgid: number; status: string } | undefined;
    const ok = await submit.run(async () => {
      const sent = await api.POST('/api/v1/official-accounts/{id}/templates/{templateId}/test', {
        params: { path: { id: account.id, templateId: template.template_id } },
        body: {
          openid,
          data: Object.fromEntries(fields.map((field) => [field.key, { value: data[field.key] ?? '' }])),
          ...(url ? { url } : {}),
          ...(appid ? { miniprogram: { appid, pagepath } } : {}),
        },
      });
      answer = sent.data;
      return sent;
    });
    if (ok) setResult(answer);
  }

  // The service names data fields `data.key` and the mini program `miniprogram.pagepath`.
  const at = (field: string) => fieldError(submit.error, field);
  return (
    <form className="card template-send" onSubmit={send}>
      <h2>{t('oaPages.templates.send')}</h2>
      <Field label={t('oaPages.templates.template')}>
        {(a) => (
          <select {...a} value={template?.template_id ?? ''} onChange={(e) => setTemplateId(e.target.value)}>
            {templates.map((entry) => (
              <option key={entry.template_id} value={entry.template_id}>
                {entry.title}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('oaPages.templates.follower')} error={at('openid') ?? at('touser')}>
        {(a) => (
          <select {...a} value={openid} onChange={(e) => setOpenid(e.target.value)}>
            <option value="">{t('oaPages.templates.pickFollower')}</option>
            {followers.map((follower) => (
              <option key={follower.openid} value={follower.openid}>
                {follower.nickname} ({follower.openid.slice(0, 10)}…)
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset>
        <legend>{t('oaPages.templates.data')}</legend>
        {fields.map((field) => (
          <Field key={field.key} label={field.label} error={at(`data.${field.key}`)}>
            {(a) => (
              <input
                {...a}
                value={data[field.key] ?? ''}
                onChange={(e) => setData({ ...data, [field.key]: e.target.value })}
              />
            )}
          </Field>
        ))}
      </fieldset>
      <Field label={t('oa.menu.miniprogram')} error={at('miniprogram.appid')}>
        {(a) => (
          <select
            {...a}
            value={appid}
            onChange={(e) => {
              setAppid(e.target.value);
              setPagepath('');
            }}
          >
            <option value="">{t('oaPages.templates.noApp')}</option>
            {links.map((link) => (
              <option key={link.appid} value={link.appid}>
                {link.nickname || link.appid}
              </option>
            ))}
          </select>
        )}
      </Field>
      {appid && (
        <Field label={t('oa.menu.page')} error={at('miniprogram.pagepath')} hint={t('oa.menu.pageHint')}>
          {(a) => (
            <>
              <input
                {...a}
                list="template-released-pages"
                value={pagepath}
                onChange={(e) => setPagepath(e.target.value)}
              />
              <datalist id="template-released-pages">
                {pages.map((page) => (
                  <option key={page} value={page} />
                ))}
              </datalist>
            </>
          )}
        </Field>
      )}
      {appid && pages.length > 0 && (
        <ul className="released-pages">
          {pages.map((page) => (
            <li key={page}>
              <button type="button" className="link" onClick={() => setPagepath(page)}>
                {page}
              </button>
            </li>
          ))}
        </ul>
      )}
      <Field label={t('oaPages.templates.url')} error={at('url')}>
        {(a) => <input {...a} value={url} onChange={(e) => setUrl(e.target.value)} />}
      </Field>
      <FormError
        error={submit.error}
        fields={[
          'openid',
          'touser',
          'url',
          'miniprogram.appid',
          'miniprogram.pagepath',
          ...fields.map((f) => `data.${f.key}`),
        ]}
      />
      <button type="submit" className="primary" disabled={submit.busy}>
        {t('oaPages.templates.sendButton')}
      </button>
      {result && (
        <p className="notice send-result" role="status" data-status={result.status}>
          {t('oaPages.templates.result', { msgid: result.msgid, status: result.status })}
        </p>
      )}
    </form>
  );
}
