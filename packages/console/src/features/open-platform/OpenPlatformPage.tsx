import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type MiniProgram, type Subject } from '../../lib/api';
import { Field, FormError, fieldError, useSubmit } from '../../lib/forms';

type Bound = {
  appid: string;
  kind: 'miniprogram' | 'official_account' | 'mobile_app';
  name: string | null;
  boundAt: number;
};
type OpenAccount = {
  openAppid: string;
  subjectId: string;
  verified: boolean;
  creatorAppid: string | null;
  bound: Bound[];
  createdAt: number;
};
type Candidate = { appid: string; name: string; kind: 'miniprogram' | 'official_account' };

/**
 * 开放平台: the developer's open-platform accounts; binding and unbinding mini programs and
 * official accounts (the service refuses another subject's), mobile apps with their credentials
 * shown once, and what one UnionID spans.
 */
export function OpenPlatformPage() {
  const { t } = useTranslation();
  const [accounts, setAccounts] = useState<OpenAccount[] | undefined>();
  const [subjects, setSubjects] = useState<Subject[]>([]);
  const [candidates, setCandidates] = useState<Candidate[]>([]);
  const [subjectId, setSubjectId] = useState('');
  const create = useSubmit();

  const load = useCallback(async () => {
    const { data } = await api.GET('/api/v1/open-accounts');
    setAccounts(data ?? []);
  }, []);
  useEffect(() => {
    void load();
    void api.GET('/api/v1/subjects').then(({ data }) => {
      const verified = (data ?? []).filter((s) => s.status === 'verified');
      setSubjects(verified);
      if (verified[0]) setSubjectId(verified[0].id);
    });
    void Promise.all([api.GET('/api/v1/miniprograms'), api.GET('/api/v1/official-accounts')]).then(
      ([mps, oas]) =>
        setCandidates([
          ...(mps.data ?? []).map((m: MiniProgram) => ({
            appid: m.appid,
            name: m.name ?? m.appid,
            kind: 'miniprogram' as const,
          })),
          ...(oas.data ?? []).map((o) => ({
            appid: o.appid,
            name: o.name,
            kind: 'official_account' as const,
          })),
        ]),
    );
  }, [load]);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const ok = await create.run(() => api.POST('/api/v1/open-accounts', { body: { subjectId } }));
    if (ok) void load();
  }

  const subjectName = (id: string) => subjects.find((s) => s.id === id)?.name ?? id;
  const replace = (account: OpenAccount) =>
    setAccounts((list) => list?.map((a) => (a.openAppid === account.openAppid ? account : a)));
  return (
    <section className="page open-platform">
      <h1>{t('openPlatform.title')}</h1>
      <p className="muted">{t('openPlatform.intro')}</p>
      {accounts?.length === 0 && <p>{t('openPlatform.none')}</p>}
      {accounts?.map((account) => (
        <AccountCard
          key={account.openAppid}
          account={account}
          subjectName={subjectName(account.subjectId)}
          candidates={candidates}
          onChange={replace}
        />
      ))}
      <form className="card" onSubmit={submit}>
        <h2>{t('openPlatform.create')}</h2>
        <Field label={t('openPlatform.subject')} error={fieldError(create.error, 'subjectId')}>
          {(a) => (
            <select {...a} value={subjectId} onChange={(e) => setSubjectId(e.target.value)}>
              {subjects.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <FormError error={create.error} fields={['subjectId']} />
        <button type="submit" className="primary" disabled={create.busy || !subjectId}>
          {t('openPlatform.createButton')}
        </button>
      </form>
    </section>
  );
}

function AccountCard(props: {
  account: OpenAccount;
  subjectName: string;
  candidates: Candidate[];
  onChange(account: OpenAccount): void;
}) {
  const { t } = useTranslation();
  const { account } = props;
  const [appid, setAppid] = useState('');
  const bind = useSubmit();
  const unbind = useSubmit();
  const path = { params: { path: { openAppid: account.openAppid } } };
  const bound = new Set(account.bound.map((b) => b.appid));
  const free = props.candidates.filter((c) => !bound.has(c.appid));

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    await bind.run(async () => {
      const result = await api.POST('/api/v1/open-accounts/{openAppid}/bindings', {
        ...path,
        body: { appid },
      });
      if (result.data) {
        props.onChange(result.data);
        setAppid('');
      }
      return result;
    });
  }

  const example = account.bound.filter((b) => b.kind !== 'mobile_app').slice(0, 2);
  return (
    <div className="card open-account" data-open-appid={account.openAppid}>
      <h2>
        <code>{account.openAppid}</code> · {props.subjectName}
      </h2>
      <h3>{t('openPlatform.bound')}</h3>
      {account.bound.length === 0 && <p>{t('openPlatform.nothingBound')}</p>}
      <FormError error={unbind.error} />
      <ul className="rows">
        {account.bound.map((b) => (
          <li key={b.appid} className="row bound-row" data-appid={b.appid} data-kind={b.kind}>
            <span>{b.name ?? b.appid}</span>
            <code>{b.appid}</code>
            <span className="status">{t(`openPlatform.kinds.${b.kind}`)}</span>
            <button
              type="button"
              className="danger"
              disabled={unbind.busy}
              onClick={() =>
                void unbind.run(async () => {
                  const result = await api.DELETE('/api/v1/open-accounts/{openAppid}/bindings/{appid}', {
                    params: { path: { openAppid: account.openAppid, appid: b.appid } },
                  });
                  if (result.data) props.onChange(result.data);
                  return result;
                })
              }
            >
              {t('openPlatform.unbind')}
            </button>
          </li>
        ))}
      </ul>
      <div className="unionid-rule">
        <h3>{t('openPlatform.unionidTitle')}</h3>
        <p>{t('openPlatform.unionidRule')}</p>
        {example.length === 2 && (
          <p className="muted unionid-example">
            {t('openPlatform.unionidExample', { a: example[0]!.name, b: example[1]!.name })}
          </p>
        )}
        <p className="muted">{t('openPlatform.shareRule')}</p>
      </div>
      <form onSubmit={submit} className="bind-form">
        <Field
          label={t('openPlatform.bindAppid')}
          error={fieldError(bind.error, 'appid')}
          hint={t('openPlatform.bindHint')}
        >
          {(a) => (
            <input
              {...a}
              list={`candidates-${account.openAppid}`}
              value={appid}
              onChange={(e) => setAppid(e.target.value)}
            />
          )}
        </Field>
        <datalist id={`candidates-${account.openAppid}`}>
          {free.map((c) => (
            <option key={c.appid} value={c.appid}>
              {`${c.name} · ${t(`openPlatform.kinds.${c.kind}`)}`}
            </option>
          ))}
        </datalist>
        <FormError error={bind.error} fields={['appid']} />
        <button type="submit" className="primary" disabled={bind.busy || !appid}>
          {t('openPlatform.bind')}
        </button>
      </form>
      <MobileAppForm openAppid={account.openAppid} onRegistered={props.onChange} />
    </div>
  );
}

function MobileAppForm(props: { openAppid: string; onRegistered(account: OpenAccount): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [platform, setPlatform] = useState<'android' | 'ios'>('android');
  const [bundleId, setBundleId] = useState('');
  const [signature, setSignature] = useState('');
  const [credentials, setCredentials] = useState<{ appid: string; secret: string } | undefined>();
  const submit = useSubmit();
  const path = { params: { path: { openAppid: props.openAppid } } };

  async function register(event: React.FormEvent) {
    event.preventDefault();
    setCredentials(undefined);
    const ok = await submit.run(async () => {
      const result = await api.POST('/api/v1/open-accounts/{openAppid}/mobile-apps', {
        ...path,
        body: { name, platform, bundleId, ...(signature ? { signature } : {}) },
      });
      if (result.data) setCredentials({ appid: result.data.app.appid, secret: result.data.secret });
      return result;
    });
    if (ok) {
      const { data } = await api.GET('/api/v1/open-accounts/{openAppid}', path);
      if (data) props.onRegistered(data);
      setName('');
    }
  }

  return (
    <form className="mobile-app-form" onSubmit={register}>
      <h3>{t('openPlatform.registerApp')}</h3>
      <Field label={t('openPlatform.appName')} error={fieldError(submit.error, 'name')}>
        {(a) => <input {...a} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label={t('openPlatform.platform')} error={fieldError(submit.error, 'platform')}>
        {(a) => (
          <select {...a} value={platform} onChange={(e) => setPlatform(e.target.value as 'android' | 'ios')}>
            <option value="android">Android</option>
            <option value="ios">iOS</option>
          </select>
        )}
      </Field>
      <Field label={t('openPlatform.bundleId')} error={fieldError(submit.error, 'bundleId')}>
        {(a) => <input {...a} value={bundleId} onChange={(e) => setBundleId(e.target.value)} />}
      </Field>
      <Field
        label={t('openPlatform.signature')}
        error={fieldError(submit.error, 'signature')}
        hint={t('openPlatform.signatureHint')}
      >
        {(a) => <input {...a} value={signature} onChange={(e) => setSignature(e.target.value)} />}
      </Field>
      <FormError error={submit.error} fields={['name', 'platform', 'bundleId', 'signature']} />
      <button type="submit" disabled={submit.busy}>
        {t('openPlatform.register')}
      </button>
      {credentials && (
        <p className="notice app-credentials" role="status">
          {t('openPlatform.secretOnce')} AppID <code className="mobile-appid">{credentials.appid}</code>{' '}
          AppSecret <code className="mobile-secret">{credentials.secret}</code>
        </p>
      )}
    </form>
  );
}
