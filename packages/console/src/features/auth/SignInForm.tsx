import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, setCsrfToken, type User } from '../../lib/api';
import { Field, FormError, fieldError, useSubmit } from '../../lib/forms';

/** Sign-in: the page's own form, and the dialog shown over a page when the session expired. */
export function SignInForm(props: {
  onSignedIn(user: User): void;
  expired?: boolean;
  email?: string | undefined;
}) {
  const { t } = useTranslation();
  const [email, setEmail] = useState(props.email ?? '');
  const [password, setPassword] = useState('');
  const [resent, setResent] = useState(false);
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
      <Field label={t('auth.email')} error={fieldError(error, 'email')}>
        {(attributes) => (
          <input
            {...attributes}
            name="email"
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
          />
        )}
      </Field>
      <Field label={t('auth.password')} error={fieldError(error, 'password')}>
        {(attributes) => (
          <input
            {...attributes}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        )}
      </Field>
      <FormError error={error} fields={['email', 'password']} />
      {error?.code === 'email_not_activated' && (
        <p>
          <button
            type="button"
            className="link"
            onClick={() =>
              void api.POST('/api/v1/auth/activation/resend', { body: { email } }).then(() => setResent(true))
            }
          >
            {t('auth.resend')}
          </button>{' '}
          {resent && <span role="status">{t('auth.resent')}</span>}
        </p>
      )}
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
