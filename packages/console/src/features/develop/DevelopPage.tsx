import { useTranslation } from 'react-i18next';
import { messageOf } from '../../lib/api';
import { useMiniProgram } from '../miniprograms/useMiniProgram';
import { ListSettingCard } from './ListSettingCard';
import { PushCard } from './PushCard';
import { SecretCard } from './SecretCard';
import { UploadKeysCard } from './UploadKeysCard';

/** 开发管理: credentials, the token IP allow-list, request domains, upload keys, message push. */
export function DevelopPage(props: { id: string }) {
  const { t, i18n } = useTranslation();
  const { app, error, setApp } = useMiniProgram(props.id);
  if (error)
    return (
      <p className="form-error" role="alert">
        {messageOf(error, i18n.language)}
      </p>
    );
  if (!app) return null;
  return (
    <section className="page develop">
      <h1>
        {t('develop.title')} · {app.name}
      </h1>
      <SecretCard app={app} />
      <ListSettingCard app={app} field="ipAllowlist" onSaved={setApp} />
      <ListSettingCard app={app} field="requestDomains" onSaved={setApp} />
      <UploadKeysCard appid={app.appid} />
      <PushCard appid={app.appid} />
    </section>
  );
}
