import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, setCsrfToken, type User } from '../../lib/api';
import { FormError, useSubmit } from '../../lib/forms';
import { CredentialFields } from './CredentialFields';
import { ResendActivation } from './ResendActivation';

/** Sign-in: the page's own form, and the dialog shown over a page when the session expired. */
export function SignInForm(props: {
  onSignedIn(user: User): void;
  expired?: boolean;
  email?: string | undefined;
}) {
  const { t } = useTranslation();
  const [email, setEmail] = useState(props.email ?? '');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useSubmit();

  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      const result = await api.POST('/api/v1/auth/signin', { body: { email, password } });
      if (result.data) {
        setCsrfToken(result.data.csrfToken);
        props.onSignedIn(result.data.user);
      }
      return result;
    });
  }

  return (
    <form className="card auth-form" onSubmit={submit} noValidate>
      <h1 id={props.expired ? 'expired-title' : undefined}>
        {props.expired ? t('auth.expiredTitle') : t('auth.signIn')}
      </h1>
      {props.expired && <p className="hint">{t('auth.expiredHint')}</p>}
      <CredentialFields
        email={email}
        password={password}
        onEmail={setEmail}
        onPassword={setPassword}
        error={error}
        passwordAutoComplete="current-password"
      />
      <FormError error={error} fields={['email', 'password']} />
      {error?.code === 'email_not_activated' && <ResendActivation email={email} />}
      <button type="submit" className="primary" disabled={busy}>
        {t('auth.signIn')}
      </button>
      {!props.expired && (
        <p className="switch">
          {t('auth.noAccount')} <a href="#/signup">{t('auth.signUp')}</a>
        </p>
      )}
    </form>
  );
}
