import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { Field, FormError, fieldError, useSubmit } from '../../lib/forms';

const MODES = ['plaintext', 'compatible', 'safe'] as const;
type Mode = (typeof MODES)[number];

/**
 * 消息推送: the app's server. Saving performs WeChat's verification GET (echostr) through the
 * delivery engine, so a URL that does not answer it is refused with the server's reason.
 */
export function PushCard(props: { appid: string }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const [aesKey, setAesKey] = useState('');
  const [mode, setMode] = useState<Mode>('plaintext');
  const [current, setCurrent] = useState<{ url: string; mode: string } | null | undefined>();
  const { busy, error, run } = useSubmit();
  const appid = props.appid;

  useEffect(() => {
    void api.GET('/api/v1/push/{appid}/config', { params: { path: { appid } } }).then(({ data }) => {
      setCurrent(data ?? null);
      if (data) {
        setUrl(data.url);
        setMode(data.mode as Mode);
      }
    });
  }, [appid]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      const answer = await api.PUT('/api/v1/push/{appid}/config', {
        params: { path: { appid } },
        body: { url, token, mode, ...(aesKey ? { encodingAESKey: aesKey } : {}) },
      });
      if (answer.data) setCurrent(answer.data);
      return answer;
    });
  }

  return (
    <form className="card" id="push" onSubmit={submit} noValidate>
      <h2>{t('develop.push.title')}</h2>
      <p className="muted">
        {current
          ? t('develop.push.current', { url: current.url, mode: t(`develop.push.modes.${current.mode}`) })
          : t('develop.push.none')}
      </p>
      <Field label="URL" error={fieldError(error, 'url')}>
        {(attributes) => (
          <input
            {...attributes}
            name="url"
            type="url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            required
          />
        )}
      </Field>
      <Field label="Token" error={fieldError(error, 'token')} hint={t('develop.push.tokenHint')}>
        {(attributes) => (
          <input
            {...attributes}
            name="token"
            value={token}
            autoComplete="off"
            onChange={(e) => setToken(e.target.value)}
            required
          />
        )}
      </Field>
      <Field
        label="EncodingAESKey"
        error={fieldError(error, 'encodingAESKey')}
        hint={t('develop.push.aesHint')}
      >
        {(attributes) => (
          <input
            {...attributes}
            name="encodingAESKey"
            value={aesKey}
            maxLength={43}
            autoComplete="off"
            onChange={(e) => setAesKey(e.target.value)}
          />
        )}
      </Field>
      <Field label={t('develop.push.mode')} error={fieldError(error, 'mode')}>
        {(attributes) => (
          <select {...attributes} name="mode" value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
            {MODES.map((value) => (
              <option key={value} value={value}>
                {t(`develop.push.modes.${value}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <FormError error={error} fields={['url', 'token', 'encodingAESKey', 'mode']} />
      <button type="submit" className="primary" disabled={busy}>
        {t('develop.push.save')}
      </button>
    </form>
  );
}
