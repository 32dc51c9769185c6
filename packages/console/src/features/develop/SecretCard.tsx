import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type MiniProgram } from '../../lib/api';
import { CopyButton } from '../../lib/CopyButton';
import { FormError, useSubmit } from '../../lib/forms';

/** AppID, and the AppSecret reset: confirmed first (the old one stops working), shown once. */
export function SecretCard(props: { app: MiniProgram }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [secret, setSecret] = useState<string | undefined>();
  const { busy, error, run } = useSubmit();
  const reset = () =>
    run(async () => {
      const answer = await api.POST('/api/v1/miniprograms/{id}/secret/reset', {
        params: { path: { id: props.app.id } },
      });
      if (answer.data) {
        setSecret(answer.data.secret);
        setConfirming(false);
      }
      return answer;
    });
  return (
    <div className="card" id="secret">
      <h2>{t('develop.credentials')}</h2>
      <p>
        AppID: <code className="appid">{props.app.appid}</code> <CopyButton text={props.app.appid} />
      </p>
      <p className="muted">
        {t('develop.originalId')}: <code>{props.app.originalId}</code>
      </p>
      <h3>AppSecret</h3>
      {secret ? (
        <div className="secret-shown" role="status">
          <p className="warning">{t('develop.secretOnce')}</p>
          <p>
            <code className="secret">{secret}</code> <CopyButton text={secret} />
          </p>
        </div>
      ) : (
        <p className="muted">{t('develop.secretHidden')}</p>
      )}
      {confirming ? (
        <div className="confirm" role="alertdialog" aria-labelledby="reset-warning">
          <p id="reset-warning" className="warning">
            {t('develop.resetWarning')}
          </p>
          <button type="button" className="danger" disabled={busy} onClick={() => void reset()}>
            {t('develop.resetConfirm')}
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            {t('common.cancel')}
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          {t('develop.reset')}
        </button>
      )}
      <FormError error={error} />
    </div>
  );
}
