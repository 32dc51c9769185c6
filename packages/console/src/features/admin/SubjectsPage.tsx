import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type paths } from '../../lib/api';
import { Field, FormError, useSubmit } from '../../lib/forms';

type Pending =
  paths['/api/v1/admin/subjects']['get']['responses'][200]['content']['application/json'][number];

/**
 * 主体审核: organisations awaiting approval and identities held back for manual review. The full
 * ID number is shown here only (admins); everywhere else it is masked.
 */
export function SubjectsPage() {
  const { t } = useTranslation();
  const [pending, setPending] = useState<Pending[]>([]);
  const load = useCallback(async () => {
    const { data } = await api.GET('/api/v1/admin/subjects', { params: { query: { status: 'pending' } } });
    setPending(data ?? []);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section className="page">
      <h1>{t('admin.subjects.title')}</h1>
      {pending.length === 0 && <p>{t('admin.subjects.none')}</p>}
      {pending.map((subject) => (
        <SubjectReview key={subject.id} subject={subject} onDecided={load} />
      ))}
    </section>
  );
}

function SubjectReview(props: { subject: Pending; onDecided(): Promise<void> }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const { busy, error, run } = useSubmit();
  const { subject } = props;
  const decide = (approve: boolean) =>
    run(async () => {
      const answer = approve
        ? await api.POST('/api/v1/admin/subjects/{id}/approve', { params: { path: { id: subject.id } } })
        : await api.POST('/api/v1/admin/subjects/{id}/reject', {
            params: { path: { id: subject.id } },
            body: { reason },
          });
      if (answer.data) await props.onDecided();
      return answer;
    });
  return (
    <div className="card subject-review" data-subject={subject.id}>
      <h2>
        {subject.name}{' '}
        <span className="muted">{t(`subjectTypes.${subject.type}`, { defaultValue: subject.type })}</span>
      </h2>
      <p>
        {subject.type === 'individual' ? t('verify.idNumber') : t('verify.creditCode')}:{' '}
        <code className="full-id">{subject.fullIdNumber}</code>
      </p>
      {subject.notice && <p className="warning">{subject.notice.message}</p>}
      {subject.verifiedOnAccounts && subject.verifiedOnAccounts.length > 0 && (
        <p className="muted">
          {t('admin.subjects.otherAccounts', { accounts: subject.verifiedOnAccounts.join(', ') })}
        </p>
      )}
      <Field label={t('admin.subjects.reason')}>
        {(attributes) => (
          <input {...attributes} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
        )}
      </Field>
      <FormError error={error} />
      <button type="button" className="primary" disabled={busy} onClick={() => void decide(true)}>
        {t('admin.subjects.approve')}
      </button>{' '}
      <button
        type="button"
        className="danger"
        disabled={busy || !reason.trim()}
        onClick={() => void decide(false)}
      >
        {t('admin.subjects.reject')}
      </button>
    </div>
  );
}
