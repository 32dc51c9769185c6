import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { FormError, useSubmit } from '../../lib/forms';

/** Asks for a new activation mail; a mail server that is down answers with its own message. */
export function ResendActivation(props: { email: string }) {
  const { t } = useTranslation();
  const [resent, setResent] = useState(false);
  const { busy, error, run } = useSubmit();

  async function resend() {
    setResent(false);
    const ok = await run(() => api.POST('/api/v1/auth/activation/resend', { body: { email: props.email } }));
    setResent(ok);
  }

  return (
    <div className="resend-activation">
      <button type="button" className="link" onClick={() => void resend()} disabled={busy}>
        {t('auth.resend')}
      </button>{' '}
      {resent && <span role="status">{t('auth.resent')}</span>}
      <FormError error={error} />
    </div>
  );
}
