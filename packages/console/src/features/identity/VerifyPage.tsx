import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Subject } from '../../lib/api';
import { Field, FormError, fieldError, useSubmit } from '../../lib/forms';
import { navigate } from '../../lib/router';

const ORGANISATION_TYPES = ['enterprise', 'government', 'media', 'other'] as const;
type SubjectType = 'individual' | (typeof ORGANISATION_TYPES)[number];

/**
 * 主体认证: the subject type first; a person gives a real name and resident ID number (checked by
 * the configured verifier at once), an organisation its name and credit code (an admin decides).
 */
export function VerifyPage() {
  const { t } = useTranslation();
  const [type, setType] = useState<SubjectType>('individual');
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [result, setResult] = useState<Subject | undefined>();
  const { busy, error, run } = useSubmit();
  const individual = type === 'individual';

  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      const answer = await api.POST('/api/v1/subjects', { body: { type, name, idNumber } });
      if (answer.data) setResult(answer.data);
      return answer;
    });
  }

  if (result)
    return (
      <section className="page">
        <h1>{t('verify.title')}</h1>
        <div className="card" aria-live="polite">
          <p className={`verify-result status-${result.status}`}>
            {result.status === 'verified' ? t('verify.verified', { name: result.name }) : t('verify.pending')}
          </p>
          {result.notice && <p className="muted">{result.notice.message}</p>}
          {result.status === 'verified' ? (
            <button type="button" className="primary" onClick={() => navigate('/create')}>
              {t('dashboard.create')}
            </button>
          ) : (
            <a href="#/">{t('nav.dashboard')}</a>
          )}
        </div>
      </section>
    );

  return (
    <section className="page">
      <h1>{t('verify.title')}</h1>
      <form className="card" onSubmit={submit} noValidate>
        <fieldset className="choice">
          <legend>{t('verify.type')}</legend>
          <label>
            <input
              type="radio"
              name="subjectType"
              checked={individual}
              onChange={() => setType('individual')}
            />
            {t('subjectTypes.individual')}
          </label>
          {ORGANISATION_TYPES.map((organisation) => (
            <label key={organisation}>
              <input
                type="radio"
                name="subjectType"
                checked={type === organisation}
                onChange={() => setType(organisation)}
              />
              {t(`subjectTypes.${organisation}`)}
            </label>
          ))}
        </fieldset>
        <p className="hint">{individual ? t('verify.individualHint') : t('verify.organisationHint')}</p>
        <Field
          label={individual ? t('verify.realName') : t('verify.orgName')}
          error={fieldError(error, 'name')}
        >
          {(attributes) => (
            <input
              {...attributes}
              name="name"
              value={name}
              maxLength={100}
              onChange={(e) => setName(e.target.value)}
              required
            />
          )}
        </Field>
        <Field
          label={individual ? t('verify.idNumber') : t('verify.creditCode')}
          error={fieldError(error, 'idNumber')}
          hint={individual ? t('verify.idNumberHint') : t('verify.creditCodeHint')}
        >
          {(attributes) => (
            <input
              {...attributes}
              name="idNumber"
              value={idNumber}
              maxLength={32}
              autoComplete="off"
              onChange={(e) => setIdNumber(e.target.value)}
              required
            />
          )}
        </Field>
        <FormError error={error} fields={['name', 'idNumber']} />
        <button type="submit" className="primary" disabled={busy}>
          {t('verify.submit')}
        </button>
      </form>
    </section>
  );
}
