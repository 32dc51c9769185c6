import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { Field, FormError, fieldError, useSubmit } from '../../lib/forms';

type Mode = 'plaintext' | 'compatible' | 'safe';

/**
 * 基本配置: the developer server. Saving runs WeChat's verification GET on the server, which
 * refuses the URL unless echostr comes back; a saved configuration is a passed handshake.
 */
export function ServerConfig(props: { appid: string }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const [aesKey, setAesKey] = useState('');
  const [mode, setMode] = useState<Mode>('plaintext');
  const [saved, setSaved] = useState<string | undefined>();
  const submit = useSubmit();

  useEffect(() => {
    void api
      .GET('/api/v1/push/{appid}/config', { params: { path: { appid: props.appid } } })
      .then(({ data }) => {
        if (data) {
          setUrl(data.url);
          setMode(data.mode as Mode);
          setSaved(data.url);
        }
      });
  }, [props.appid]);

  function randomKey() {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    const bytes = crypto.getRandomValues(new Uint8Array(43));
    setAesKey(Array.from(bytes, (b) => alphabet[b % alphabet.length]).join(''));
  }

  async function save(event: React.FormEvent) {
    event.preventDefault();
    const body = { url, token, mode, ...(aesKey ? { encodingAESKey: aesKey } : {}) };
    const ok = await submit.run(() =>
      api.PUT('/api/v1/push/{appid}/config', { params: { path: { appid: props.appid } }, body }),
    );
    if (ok) setSaved(url);
  }

  return (
    <form className="card server-config" onSubmit={save}>
      <h2>{t('oa.config.title')}</h2>
      {saved && (
        <p className="status status-verified handshake" role="status">
          {t('oa.config.verified', { url: saved })}
        </p>
      )}
      <Field label={t('oa.config.url')} error={fieldError(submit.error, 'url')}>
        {(a) => <input {...a} value={url} onChange={(e) => setUrl(e.target.value)} />}
      </Field>
      <Field label="Token" error={fieldError(submit.error, 'token')}>
        {(a) => <input {...a} value={token} onChange={(e) => setToken(e.target.value)} />}
      </Field>
      <Field label="EncodingAESKey" error={fieldError(submit.error, 'encodingAESKey')}>
        {(a) => <input {...a} value={aesKey} onChange={(e) => setAesKey(e.target.value)} />}
      </Field>
      <button type="button" className="link" onClick={randomKey}>
        {t('oa.config.randomKey')}
      </button>
      <fieldset>
        <legend>{t('oa.config.mode')}</legend>
        {(['plaintext', 'compatible', 'safe'] as const).map((value) => (
          <label key={value} className="inline">
            <input type="radio" name="push-mode" checked={mode === value} onChange={() => setMode(value)} />
            {t(`oa.config.modes.${value}`)}
          </label>
        ))}
      </fieldset>
      <FormError error={submit.error} fields={['url', 'token', 'encodingAESKey']} />
      <button type="submit" className="primary" disabled={submit.busy}>
        {t('oa.config.save')}
      </button>
    </form>
  );
}
