import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { FormError, useSubmit } from '../../lib/forms';
import type { OpenAccount } from './types';

/**
 * Whether the account is verified. One made by `/cgi-bin/open/create` starts unverified (few mini
 * programs, bound by the API only); its owner verifies it here, and the service says why not.
 */
export function Verification(props: { account: OpenAccount; onChange(account: OpenAccount): void }) {
  const { t } = useTranslation();
  const { account } = props;
  const verify = useSubmit();
  if (account.verified) {
    return (
      <p className="verification">
        <span className="status status-verified">{t('openPlatform.verified')}</span>
      </p>
    );
  }
  return (
    <div className="verification unverified">
      <p>
        <span className="status">{t('openPlatform.unverified')}</span>{' '}
        {account.creatorAppid && t('openPlatform.madeByApi', { appid: account.creatorAppid })}
      </p>
      <p className="muted">{t('openPlatform.unverifiedRule')}</p>
      <button
        type="button"
        className="primary"
        disabled={verify.busy}
        onClick={() =>
          void verify.run(async () => {
            const result = await api.POST('/api/v1/open-accounts/{openAppid}/verification', {
              params: { path: { openAppid: account.openAppid } },
            });
            if (result.data) props.onChange(result.data);
            return result;
          })
        }
      >
        {t('openPlatform.verify')}
      </button>
      <FormError error={verify.error} />
    </div>
  );
}
