import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { CopyButton } from '../../lib/CopyButton';
import { FormError, useSubmit } from '../../lib/forms';
import type { Bound, OpenAccount } from './types';

/** One app bound to the account: unbind, and for a mobile app the AppSecret reset. */
export function BoundRow(props: { openAppid: string; bound: Bound; onChange(account: OpenAccount): void }) {
  const { t } = useTranslation();
  const { bound } = props;
  const unbind = useSubmit();
  return (
    <li className="row bound-row" data-appid={bound.appid} data-kind={bound.kind}>
      <span>{bound.name ?? bound.appid}</span>
      <code>{bound.appid}</code>
      <span className="status">{t(`openPlatform.kinds.${bound.kind}`)}</span>
      <button
        type="button"
        className="danger"
        disabled={unbind.busy}
        onClick={() =>
          void unbind.run(async () => {
            const result = await api.DELETE('/api/v1/open-accounts/{openAppid}/bindings/{appid}', {
              params: { path: { openAppid: props.openAppid, appid: bound.appid } },
            });
            if (result.data) props.onChange(result.data);
            return result;
          })
        }
      >
        {t('openPlatform.unbind')}
      </button>
      <FormError error={unbind.error} />
      {bound.kind === 'mobile_app' && <MobileSecretReset appid={bound.appid} />}
    </li>
  );
}

/** Confirmed first (the app's server is refused with the old secret at once), then shown once. */
function MobileSecretReset(props: { appid: string }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [secret, setSecret] = useState<string | undefined>();
  const { busy, error, run } = useSubmit();
  const reset = () =>
    run(async () => {
      const answer = await api.POST('/api/v1/mobile-apps/{appid}/secret', {
        params: { path: { appid: props.appid } },
      });
      if (answer.data) {
        setSecret(answer.data.secret);
        setConfirming(false);
      }
      return answer;
    });
  return (
    <div className="mobile-secret-reset">
      {secret && (
        <p className="notice secret-shown" role="status">
          {t('openPlatform.secretOnce')} AppSecret <code className="mobile-secret">{secret}</code>{' '}
          <CopyButton text={secret} />
        </p>
      )}
      {confirming ? (
        <div className="confirm" role="alertdialog">
          <p className="warning">{t('openPlatform.resetWarning')}</p>
          <button type="button" className="danger" disabled={busy} onClick={() => void reset()}>
            {t('openPlatform.resetConfirm')}
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            {t('common.cancel')}
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          {t('openPlatform.resetSecret')}
        </button>
      )}
      <FormError error={error} />
    </div>
  );
}
