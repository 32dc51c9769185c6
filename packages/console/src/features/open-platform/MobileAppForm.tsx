import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { Field, FormError, fieldError, useSubmit } from '../../lib/forms';
import type { OpenAccount } from './types';

/** Registers a mobile app on the account; its AppSecret is shown once. */
export function MobileAppForm(props: { openAppid: string; onRegistered(account: OpenAccount): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [platform, setPlatform] = useState<'android' | 'ios'>('android');
  const [bundleId, setBundleId] = useState('');
  const [signature, setSignature] = useState('');
  const [credentials, setCredentials] = useState<{ appid: string; secret: string } | undefined>();
  const submit = useSubmit();
  const path = { params: { path: { openAppid: props.openAppid } } };

  async function register(event: React.FormEvent) {
    event.preventDefault();
    setCredentials(undefined);
    const ok = await submit.run(async () => {
      const result = await api.POST('/api/v1/open-accounts/{openAppid}/mobile-apps', {
        ...path,
        body: { name, platform, bundleId, ...(signature ? { signature } : {}) },
      });
      if (result.data) setCredentials({ appid: result.data.app.appid, secret: result.data.secret });
      return result;
    });
    if (ok) {
      const { data } = await api.GET('/api/v1/open-accounts/{openAppid}', path);
      if (data) props.onRegistered(data);
      setName('');
    }
  }

  return (
    <form className="mobile-app-form" onSubmit={register}>
      <h3>{t('openPlatform.registerApp')}</h3>
      <Field label={t('openPlatform.appName')} error={fieldError(submit.error, 'name')}>
        {(a) => <input {...a} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label={t('openPlatform.platform')} error={fieldError(submit.error, 'platform')}>
        {(a) => (
          <select {...a} value={platform} onChange={(e) => setPlatform(e.target.value as 'android' | 'ios')}>
            <option value="android">Android</option>
            <option value="ios">iOS</option>
          </select>
        )}
      </Field>
      <Field label={t('openPlatform.bundleId')} error={fieldError(submit.error, 'bundleId')}>
        {(a) => <input {...a} value={bundleId} onChange={(e) => setBundleId(e.target.value)} />}
      </Field>
      <Field
        label={t('openPlatform.signature')}
        error={fieldError(submit.error, 'signature')}
        hint={t('openPlatform.signatureHint')}
      >
        {(a) => <input {...a} value={signature} onChange={(e) => setSignature(e.target.value)} />}
      </Field>
      <FormError error={submit.error} fields={['name', 'platform', 'bundleId', 'signature']} />
      <button type="submit" disabled={submit.busy}>
        {t('openPlatform.register')}
      </button>
      {credentials && (
        <p className="notice app-credentials" role="status">
          {t('openPlatform.secretOnce')} AppID <code className="mobile-appid">{credentials.appid}</code>{' '}
          AppSecret <code className="mobile-secret">{credentials.secret}</code>
        </p>
      )}
    </form>
  );
}
