import { useTranslation } from 'react-i18next';
import { api, type MiniProgram } from '../../lib/api';
import { CopyButton } from '../../lib/CopyButton';
import { SecretReset } from '../../lib/SecretReset';

/** AppID, and the AppSecret reset: confirmed first (the old one stops working), shown once. */
export function SecretCard(props: { app: MiniProgram }) {
  const { t } = useTranslation();
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
      <SecretReset
        warningId="reset-warning"
        reset={() =>
          api.POST('/api/v1/miniprograms/{id}/secret/reset', { params: { path: { id: props.app.id } } })
        }
        text={{
          once: t('develop.secretOnce'),
          hidden: t('develop.secretHidden'),
          warning: t('develop.resetWarning'),
          reset: t('develop.reset'),
          confirm: t('develop.resetConfirm'),
        }}
      />
    </div>
  );
}
