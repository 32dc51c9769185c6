import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api, errorOf, messageOf } from '../../lib/api';

/** The page the mailed link opens (`#/activate/<token>`): activates, then offers sign-in. */
export function ActivatePage(props: { token: string }) {
  const { t, i18n } = useTranslation();
  const [outcome, setOutcome] = useState<{ email: string } | ApiError | undefined>();
  const sent = useRef(false);
  useEffect(() => {
    // StrictMode mounts twice in development; the link is opened once.
    if (sent.current) return;
    sent.current = true;
    void api.POST('/api/v1/auth/activate', { body: { token: props.token } }).then(
      ({ data, error }) => setOutcome(data ?? errorOf(error)),
      () => setOutcome(errorOf(undefined)),
    );
  }, [props.token]);
  return (
    <section className="card auth-form" aria-live="polite">
      <h1>{t('activate.title')}</h1>
      {!outcome && <p>{t('activate.working')}</p>}
      {outcome && 'email' in outcome && (
        <>
          <p className="activated">{t('activate.done', { email: outcome.email })}</p>
          <a className="button primary" href="#/">
            {t('auth.signIn')}
          </a>
        </>
      )}
      {outcome && 'code' in outcome && (
        <p className="form-error" role="alert">
          {messageOf(outcome, i18n.language)}
        </p>
      )}
    </section>
  );
}
