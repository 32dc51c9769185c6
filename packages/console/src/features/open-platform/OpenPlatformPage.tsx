import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type MiniProgram, type Subject } from '../../lib/api';
import { Field, FormError, fieldError, useSubmit } from '../../lib/forms';
import { AccountCard } from './AccountCard';
import type { Candidate, OpenAccount } from './types';

/**
 * 开放平台: the developer's open-platform accounts; verifying one the API made, binding and
 * unbinding mini programs and official accounts (the service refuses another subject's), mobile
 * apps with their credentials shown once (and reset), and what one UnionID spans.
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
