import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type EndUser, errorOf, setCsrfToken } from '../../lib/api';

/** Sign-up and sign-in; the server's verdict and its message, never a second copy of its rules. */
export function AuthScreen(props: { onSignedIn(user: EndUser): void }) {
  const { t, i18n } = useTranslation();
  const [mode, setMode] = useState<'signin' | 'signup'>('signup');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [nickname, setNickname] = useState('');
  const [failure, setFailure] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const explain = (body: unknown) => {
    const error = errorOf(body);
    const message = i18n.language === 'zh-CN' && error.messageZh ? error.messageZh : error.message;
    return error.field ? `${message} (${error.field})` : message;
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      if (mode === 'signup') {
        const { error } = await api.POST('/api/v1/client/signup', {
          body: { username, password, ...(nickname ? { nickname } : {}) },
        });
        if (error) return setFailure(explain(error));
      }
      const { data, error } = await api.POST('/api/v1/client/signin', { body: { username, password } });
      if (!data) return setFailure(explain(error));
      setCsrfToken(data.csrfToken);
      props.onSignedIn(data.user);
    } catch {
      setFailure(t('errors.network'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="screen auth">
      <h1 className="auth-title">{t('app.name')}</h1>
      <form className="auth-form" onSubmit={submit}>
        <h2>{mode === 'signup' ? t('auth.signUp') : t('auth.signIn')}</h2>
        <label>
          {t('auth.username')}
          <input
            name="username"
            value={username}
            autoComplete="username"
            onChange={(e) => setUsername(e.target.value)}
            placeholder={mode === 'signup' ? t('auth.usernameHint') : ''}
            required
          />
        </label>
        {mode === 'signup' && (
          <label>
            {t('auth.nickname')}
            <input name="nickname" value={nickname} onChange={(e) => setNickname(e.target.value)} />
          </label>
        )}
        <label>
          {t('auth.password')}
          <input
            name="password"
            type="password"
            value={password}
            autoComplete={mode === 'signup' ? 'new-password' : 'current-password'}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {failure && (
          <p className="form-error" role="alert">
            {failure}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('auth.working') : mode === 'signup' ? t('auth.signUp') : t('auth.signIn')}
        </button>
        <button
          type="button"
          className="link"
          onClick={() => setMode(mode === 'signup' ? 'signin' : 'signup')}
        >
          {mode === 'signup' ? t('auth.haveAccount') : t('auth.noAccount')}
        </button>
      </form>
    </section>
  );
}
