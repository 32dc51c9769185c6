import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Subject } from '../../lib/api';
import { Field, FormError, fieldError, useSubmit } from '../../lib/forms';
import type { OfficialAccount } from './types';

/** 公众号: the accounts this developer runs, and a form to create one for a verified subject. */
export function OfficialAccountsPage() {
  const { t } = useTranslation();
  const [accounts, setAccounts] = useState<OfficialAccount[] | undefined>();
  const [subjects, setSubjects] = useState<Subject[]>([]);
  const [name, setName] = useState('');
  const [type, setType] = useState<'subscription' | 'service'>('subscription');
  const [subjectId, setSubjectId] = useState('');
  const [secret, setSecret] = useState<string | undefined>();
  const submit = useSubmit();

  useEffect(() => {
    void api.GET('/api/v1/official-accounts').then(({ data }) => setAccounts(data ?? []));
    void api.GET('/api/v1/subjects').then(({ data }) => {
      const verified = (data ?? []).filter((subject) => subject.status === 'verified');
      setSubjects(verified);
      if (verified[0]) setSubjectId(verified[0].id);
    });
  }, []);

  async function create(event: React.FormEvent) {
    event.preventDefault();
    let made: { account: OfficialAccount; secret: string } | undefined;
    const ok = await submit.run(async () => {
      const result = await api.POST('/api/v1/official-accounts', { body: { subjectId, name, type } });
      made = result.data;
      return result;
    });
    if (ok && made) {
      setAccounts([...(accounts ?? []), made.account]);
      setSecret(made.secret);
      setName('');
    }
  }

  return (
    <section className="page official-accounts">
      <h1>{t('oa.title')}</h1>
      <div className="card">
        <h2>{t('oa.mine')}</h2>
        {accounts?.length === 0 && <p>{t('oa.none')}</p>}
        <ul className="rows">
          {accounts?.map((account) => (
            <li key={account.id} className="row oa-row" data-appid={account.appid}>
              <a href={`#/official-accounts/${account.id}`}>{account.name}</a>
              <code>{account.appid}</code>
              <span className="muted">{t(`oa.types.${account.type}`)}</span>
            </li>
          ))}
        </ul>
        {secret && (
          <p className="notice" role="status">
            {t('oa.secretOnce')} <code className="oa-secret">{secret}</code>
          </p>
        )}
      </div>
      <form className="card" onSubmit={create}>
        <h2>{t('oa.create')}</h2>
        <Field label={t('oa.subject')} error={fieldError(submit.error, 'subjectId')}>
          {(a) => (
            <select {...a} value={subjectId} onChange={(e) => setSubjectId(e.target.value)}>
              {subjects.map((subject) => (
                <option key={subject.id} value={subject.id}>
                  {subject.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('oa.name')} error={fieldError(submit.error, 'name')}>
          {(a) => <input {...a} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <fieldset>
          <legend>{t('oa.type')}</legend>
          {(['subscription', 'service'] as const).map((value) => (
            <label key={value} className="inline">
              <input type="radio" name="oa-type" checked={type === value} onChange={() => setType(value)} />
              {t(`oa.types.${value}`)}
            </label>
          ))}
        </fieldset>
        <FormError error={submit.error} fields={['subjectId', 'name']} />
        <button type="submit" className="primary" disabled={submit.busy}>
          {t('oa.createButton')}
        </button>
      </form>
    </section>
  );
}

export function useOfficialAccount(id: string) {
  const [account, setAccount] = useState<OfficialAccount | undefined>();
  useEffect(() => {
    void api
      .GET('/api/v1/official-accounts/{id}', { params: { path: { id } } })
      .then(({ data }) => setAccount(data));
  }, [id]);
  return account;
}
