import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { FormError, useSubmit } from '../../lib/forms';
import { SecretReset } from '../../lib/SecretReset';
import type { Bound, OpenAccount } from './types';

/** One app bound to the account: unbind, and for a mobile app the AppSecret reset (shown once). */
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
      {bound.kind === 'mobile_app' && (
        <SecretReset
          reset={() =>
            api.POST('/api/v1/mobile-apps/{appid}/secret', { params: { path: { appid: bound.appid } } })
          }
          text={{
            once: t('openPlatform.secretOnce'),
            warning: t('openPlatform.resetWarning'),
            reset: t('openPlatform.resetSecret'),
            confirm: t('openPlatform.resetConfirm'),
          }}
        />
      )}
    </li>
  );
}
