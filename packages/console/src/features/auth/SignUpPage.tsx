import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { Field, FormError, fieldError, useSubmit } from '../../lib/forms';
import { CredentialFields } from './CredentialFields';
import { ResendActivation } from './ResendActivation';

/**
 * Sign-up with an email and a password, as on WeChat's platform: the account works once the
 * link sent to the email is opened.
 */
export function SignUpPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [done, setDone] = useState<
    { email: string; activated: boolean; activationMail: 'sent' | 'logged' | 'failed' | null } | undefined
  >();
  const { busy, error, run } = useSubmit();

  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      const result = await api.POST('/api/v1/auth/signup', {
        body: { email, password, ...(displayName ? { displayName } : {}) },
      });
      if (result.data) setDone(result.data);
      return result;
    });
  }

  if (done)
    return (
      <section className="card auth-form" aria-live="polite">
        {done.activationMail === 'failed' ? (
          <>
            <h1>{t('mail.failedTitle')}</h1>
            <p className="activation-failed">{t('mail.failed', { email: done.email })}</p>
            <ResendActivation email={done.email} />
          </>
        ) : (
          <>
            <h1>{done.activated ? t('signup.doneTitle') : t('signup.sentTitle')}</h1>
            {!done.activated && (
              <p className="activation-sent">
                {/* No mail server: saying "sent" would send the person to an empty inbox. */}
                {done.activationMail === 'logged'
                  ? t('mail.logged', { email: done.email })
                  : t('signup.sent', { email: done.email })}
              </p>
            )}
          </>
        )}
        <p>
          <a href="#/">{t('auth.signIn')}</a>
        </p>
      </section>
    );

  return (
    <form className="card auth-form" onSubmit={submit} noValidate>
      <h1>{t('signup.title')}</h1>
      <CredentialFields
        email={email}
        password={password}
        onEmail={setEmail}
        onPassword={setPassword}
        error={error}
        passwordAutoComplete="new-password"
        passwordHint={t('signup.passwordHint')}
      />
      <Field label={t('signup.displayName')} error={fieldError(error, 'displayName')}>
        {(attributes) => (
          <input
            {...attributes}
            name="displayName"
            value={displayName}
            maxLength={64}
            onChange={(e) => setDisplayName(e.target.value)}
          />
        )}
      </Field>
      <FormError error={error} fields={['email', 'password', 'displayName']} />
      <button type="submit" className="primary" disabled={busy}>
        {t('signup.submit')}
      </button>
      <p className="switch">
        {t('signup.haveAccount')} <a href="#/">{t('auth.signIn')}</a>
      </p>
    </form>
  );
}
