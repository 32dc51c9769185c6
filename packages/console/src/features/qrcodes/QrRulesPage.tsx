import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api, errorOf, messageOf } from '../../lib/api';
import { Field, FormError, fieldError, useSubmit } from '../../lib/forms';
import { useMiniProgram } from '../miniprograms/useMiniProgram';
import { download, type Env, useQrOverview } from './useQrOverview';
import { chosenPage, VersionPagePicker } from './VersionPagePicker';

type Rule = {
  prefix: string;
  permit_sub_rule: number;
  path: string;
  open_version: number;
  debug_url: string[];
  state: number;
};
type Tested = {
  rule: (Rule & { debug: boolean }) | null;
  opens: {
    action: string;
    appid?: string;
    path?: string;
    query?: Record<string, string>;
    scene?: number;
    url?: string;
    text?: string;
  };
};
const ENV_OF: Record<number, Env> = { 1: 'develop', 2: 'trial', 3: 'release' };
const OPEN_VERSION: Record<Env, 1 | 2 | 3> = { develop: 1, trial: 2, release: 3 };

/**
 * 扫普通链接二维码打开小程序: the app's rules, a form to add one (verification file, domain check,
 * page of the chosen version, test links), publish with the month's quota, delete, and a tester.
 */
export function QrRulesPage(props: { id: string }) {
  const { t, i18n } = useTranslation();
  const { app } = useMiniProgram(props.id);
  const appid = app?.appid;
  const { overview } = useQrOverview(appid);
  const [rules, setRules] = useState<Rule[] | undefined>();
  const [publishesLeft, setPublishesLeft] = useState<number | undefined>();
  const [loadError, setLoadError] = useState<ApiError | undefined>();

  const load = useCallback(async () => {
    if (!appid) return;
    const { data, error } = await api.GET('/api/v1/qrcodes/{appid}/rules', { params: { path: { appid } } });
    setLoadError(error ? errorOf(error) : undefined);
    if (data) {
      setRules(data.rules);
      setPublishesLeft(data.publishesLeft);
    }
  }, [appid]);
  useEffect(() => {
    void load();
  }, [load]);

  const listed = (data: { rules: Rule[]; publishesLeft: number } | undefined) => {
    if (!data) return;
    setRules(data.rules);
    setPublishesLeft(data.publishesLeft);
  };
  const act = useSubmit();
  const [editing, setEditing] = useState<Rule | undefined>();

  if (!appid) return null;
  const path = { params: { path: { appid } } };
  return (
    <section className="page qr-rules">
      <h1>{t('qrcodes.rulesTitle')}</h1>
      <p className="muted">{t('qrcodes.rulesIntro')}</p>
      {loadError && (
        <p className="form-error load-error" role="alert">
          {messageOf(loadError, i18n.language)}
        </p>
      )}
      <div className="card">
        <h2>{t('qrcodes.rules')}</h2>
        {publishesLeft !== undefined && (
          <p className="publish-quota">{t('qrcodes.publishesLeft', { count: publishesLeft })}</p>
        )}
        {rules?.length === 0 && <p>{t('qrcodes.noRules')}</p>}
        <FormError error={act.error} />
        <ul className="rows">
          {rules?.map((rule) => (
            <li key={rule.prefix} className="row rule-row" data-prefix={rule.prefix} data-state={rule.state}>
              <code>{rule.prefix}</code>
              <span>{rule.path}</span>
              <span className="muted">{t(`qrcodes.env.${ENV_OF[rule.open_version]}`)}</span>
              <span className="status">
                {t(rule.state === 2 ? 'qrcodes.published' : 'qrcodes.unpublished')}
              </span>
              {rule.state !== 2 && (
                <button type="button" disabled={act.busy} onClick={() => setEditing(rule)}>
                  {t('qrcodes.edit')}
                </button>
              )}
              {rule.state !== 2 && (
                <button
                  type="button"
                  className="primary"
                  disabled={act.busy}
                  onClick={() =>
                    void act.run(async () => {
                      const result = await api.POST('/api/v1/qrcodes/{appid}/rules/publish', {
                        ...path,
                        body: { prefix: rule.prefix },
                      });
                      listed(result.data);
                      return result;
                    })
                  }
                >
                  {t('qrcodes.publish')}
                </button>
              )}
              <button
                type="button"
                className="danger"
                disabled={act.busy}
                onClick={() =>
                  void act.run(async () => {
                    const result = await api.POST('/api/v1/qrcodes/{appid}/rules/delete', {
                      ...path,
                      body: { prefix: rule.prefix },
                    });
                    listed(result.data);
                    return result;
                  })
                }
              >
                {t('qrcodes.delete')}
              </button>
            </li>
          ))}
        </ul>
      </div>
      <RuleForm
        key={editing?.prefix ?? ''}
        appid={appid}
        pages={overview?.pages}
        editing={editing}
        onSaved={(data) => {
          listed(data);
          setEditing(undefined);
        }}
        onCancel={() => setEditing(undefined)}
      />
      <RuleTester appid={appid} />
    </section>
  );
}

function RuleForm(props: {
  appid: string;
  pages: Record<Env, string[] | null> | undefined;
  /** An unpublished rule to change (qrcodejumpadd with is_edit); the prefix stays. */
  editing: Rule | undefined;
  onSaved(data: { rules: Rule[]; publishesLeft: number }): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const editing = props.editing;
  const [editPage, editQuery = ''] = (editing?.path ?? '').split('?', 2) as [string, string?];
  const [prefix, setPrefix] = useState(editing?.prefix ?? '');
  const [claim, setClaim] = useState(editing?.permit_sub_rule === 2);
  const [openVersion, setOpenVersion] = useState<1 | 2 | 3>((editing?.open_version as 1 | 2 | 3) ?? 3);
  const [page, setPage] = useState(editPage);
  const [query, setQuery] = useState(editQuery);
  const [debugUrls, setDebugUrls] = useState(editing?.debug_url.join('\n') ?? '');
  const [file, setFile] = useState<{ fileName: string } | undefined>();
  const [checked, setChecked] = useState<string | undefined>();
  const save = useSubmit();
  const verify = useSubmit();
  const path = { params: { path: { appid: props.appid } } };
  const pages = props.pages?.[ENV_OF[openVersion]!] ?? [];
  const chosen = chosenPage(pages, page);

  async function fetchFile() {
    await verify.run(async () => {
      const result = await api.POST('/api/v1/qrcodes/{appid}/rules/verification-file', path);
      if (result.data) {
        setFile(result.data);
        download(result.data.fileName, result.data.fileContent, 'text/plain');
      }
      return result;
    });
  }

  async function check() {
    setChecked(undefined);
    await verify.run(async () => {
      const result = await api.POST('/api/v1/qrcodes/{appid}/rules/check', { ...path, body: { prefix } });
      if (result.data) setChecked(result.data.url);
      return result;
    });
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const links = debugUrls
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    await save.run(async () => {
      const result = await api.POST('/api/v1/qrcodes/{appid}/rules', {
        ...path,
        body: {
          prefix,
          permitSubRule: claim ? 2 : 1,
          path: query ? `${chosen}?${query}` : chosen,
          openVersion,
          debugUrls: links,
          ...(editing ? { isEdit: true } : {}),
        },
      });
      if (result.data) props.onSaved(result.data);
      return result;
    });
  }

  const prefixError = fieldError(save.error, 'prefix') ?? fieldError(verify.error, 'prefix');
  return (
    <form className="card rule-form" onSubmit={submit}>
      <h2>{t(editing ? 'qrcodes.editRule' : 'qrcodes.addRule')}</h2>
      <Field label={t('qrcodes.prefix')} error={prefixError} hint={t('qrcodes.prefixHint')}>
        {(a) => (
          <input
            {...a}
            value={prefix}
            readOnly={Boolean(editing)}
            placeholder="https://shop.example.com/qr/"
            onChange={(e) => {
              setPrefix(e.target.value);
              setChecked(undefined);
            }}
          />
        )}
      </Field>
      <div className="actions">
        <button
          type="button"
          className="download-file"
          disabled={verify.busy}
          onClick={() => void fetchFile()}
        >
          {t('qrcodes.downloadFile')}
        </button>
        <button type="button" disabled={verify.busy || !prefix} onClick={() => void check()}>
          {t('qrcodes.check')}
        </button>
      </div>
      {file && <p className="hint file-hint">{t('qrcodes.fileHint', { name: file.fileName })}</p>}
      {checked && (
        <p className="notice check-ok" role="status">
          {t('qrcodes.checked', { url: checked })}
        </p>
      )}
      <FormError error={verify.error} fields={['prefix']} />
      <label className="inline">
        <input type="checkbox" checked={claim} onChange={(e) => setClaim(e.target.checked)} />
        {t('qrcodes.claimSubRules')}
      </label>
      <VersionPagePicker
        versionLabel={t('qrcodes.openVersion')}
        version={ENV_OF[openVersion]}
        onVersion={(env) => setOpenVersion(OPEN_VERSION[env])}
        versionError={fieldError(save.error, 'openVersion')}
        pages={pages}
        page={chosen}
        onPage={setPage}
        pageError={fieldError(save.error, 'path')}
      />
      <Field label={t('qrcodes.pageQuery')} hint={t('qrcodes.pageQueryHint')}>
        {(a) => <input {...a} value={query} onChange={(e) => setQuery(e.target.value)} />}
      </Field>
      <Field label={t('qrcodes.debugUrls')} error={fieldError(save.error, 'debugUrls')}>
        {(a) => <textarea {...a} rows={3} value={debugUrls} onChange={(e) => setDebugUrls(e.target.value)} />}
      </Field>
      <FormError error={save.error} fields={['prefix', 'path', 'debugUrls', 'openVersion']} />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.busy}>
          {t(editing ? 'qrcodes.saveEdit' : 'qrcodes.saveRule')}
        </button>
        {editing && (
          <button type="button" onClick={props.onCancel}>
            {t('qrcodes.cancelEdit')}
          </button>
        )}
      </div>
    </form>
  );
}

function RuleTester(props: { appid: string }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState('');
  const [tested, setTested] = useState<Tested | undefined>();
  const run = useSubmit();

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setTested(undefined);
    await run.run(async () => {
      const result = await api.POST('/api/v1/qrcodes/{appid}/rules/test', {
        params: { path: { appid: props.appid } },
        body: { url },
      });
      if (result.data) setTested(result.data);
      return result;
    });
  }

  const opens = tested?.opens;
  return (
    <form className="card rule-tester" onSubmit={submit}>
      <h2>{t('qrcodes.tester')}</h2>
      <Field label={t('qrcodes.testUrl')} error={fieldError(run.error, 'url')}>
        {(a) => <input {...a} value={url} onChange={(e) => setUrl(e.target.value)} />}
      </Field>
      <FormError error={run.error} fields={['url']} />
      <button type="submit" disabled={run.busy || !url}>
        {t('qrcodes.test')}
      </button>
      {tested && (
        <dl className="facts test-result" data-action={opens?.action}>
          <dt>{t('qrcodes.matchedRule')}</dt>
          <dd className="matched-rule">
            {tested.rule
              ? `${tested.rule.prefix}${tested.rule.debug ? ` (${t('qrcodes.debugMatch')})` : ''}${
                  tested.rule.state === 2 ? '' : ` · ${t('qrcodes.unpublished')}`
                }`
              : t('qrcodes.noMatch')}
          </dd>
          <dt>{t('qrcodes.opens')}</dt>
          <dd className="opens">
            {opens?.action === 'open_miniprogram'
              ? t('qrcodes.opensPage', { path: opens.path, scene: opens.scene })
              : opens?.action === 'open_web'
                ? t('qrcodes.opensWeb')
                : t('qrcodes.opensText')}
          </dd>
          {opens?.query && (
            <>
              <dt>{t('qrcodes.query')}</dt>
              <dd>
                <code className="opens-query">{JSON.stringify(opens.query)}</code>
              </dd>
            </>
          )}
        </dl>
      )}
    </form>
  );
}
