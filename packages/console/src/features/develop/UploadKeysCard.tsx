import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type paths } from '../../lib/api';
import { CopyButton } from '../../lib/CopyButton';
import { Field, FormError, fieldError, useSubmit } from '../../lib/forms';
import { Table } from '../../lib/Table';

type UploadKey =
  paths['/api/v1/code/{appid}/upload-keys']['get']['responses'][200]['content']['application/json'][number];

/** 代码上传密钥: create (shown once, with the `wharf upload` line to copy), list, revoke. */
export function UploadKeysCard(props: { appid: string }) {
  const { t } = useTranslation();
  const [keys, setKeys] = useState<UploadKey[]>([]);
  const [label, setLabel] = useState('');
  const [ips, setIps] = useState('');
  const [fresh, setFresh] = useState<string | undefined>();
  const { busy, error, run } = useSubmit();
  const appid = props.appid;

  const load = useCallback(async () => {
    const { data } = await api.GET('/api/v1/code/{appid}/upload-keys', { params: { path: { appid } } });
    setKeys(data ?? []);
  }, [appid]);
  useEffect(() => {
    void load();
  }, [load]);

  async function create(event: FormEvent) {
    event.preventDefault();
    const ipAllowlist = ips
      .split(/[\n,]/)
      .map((entry) => entry.trim())
      .filter(Boolean);
    await run(async () => {
      const answer = await api.POST('/api/v1/code/{appid}/upload-keys', {
        params: { path: { appid } },
        body: { ...(label ? { label } : {}), ...(ipAllowlist.length ? { ipAllowlist } : {}) },
      });
      if (answer.data) {
        setFresh(answer.data.key);
        setLabel('');
        setIps('');
        await load();
      }
      return answer;
    });
  }

  async function revoke(keyId: string) {
    await run(async () => {
      const answer = await api.DELETE('/api/v1/code/{appid}/upload-keys/{keyId}', {
        params: { path: { appid, keyId } },
      });
      if (answer.data) await load();
      return answer;
    });
  }

  const command = fresh
    ? `npx wharf upload --server ${location.origin} --appid ${appid} --version 1.0.0 --project . --key ${fresh}`
    : '';
  return (
    <div className="card" id="upload-keys">
      <h2>{t('develop.uploadKeys.title')}</h2>
      {fresh && (
        <div className="key-shown" role="status">
          <p className="warning">{t('develop.uploadKeys.once')}</p>
          <p>
            <code className="upload-key">{fresh}</code> <CopyButton text={fresh} />
          </p>
          <p>{t('develop.uploadKeys.command')}</p>
          <pre className="command">
            <code>{command}</code>
          </pre>
          <CopyButton text={command} label={t('develop.uploadKeys.copyCommand')} />
        </div>
      )}
      <Table
        headings={[
          t('develop.uploadKeys.label'),
          t('develop.uploadKeys.ips'),
          t('develop.uploadKeys.created'),
          t('develop.uploadKeys.lastUsed'),
          '',
        ]}
      >
        {keys.map((key) => (
          <tr key={key.id} className="upload-key-row">
            <td>{key.label}</td>
            <td>{key.ipAllowlist.join(', ') || t('develop.uploadKeys.anyIp')}</td>
            <td>{new Date(key.createdAt).toLocaleString()}</td>
            <td>{key.lastUsedAt ? new Date(key.lastUsedAt).toLocaleString() : '—'}</td>
            <td>
              <button type="button" className="danger" disabled={busy} onClick={() => void revoke(key.id)}>
                {t('develop.uploadKeys.revoke')}
              </button>
            </td>
          </tr>
        ))}
      </Table>
      <form onSubmit={create} noValidate>
        <h3>{t('develop.uploadKeys.new')}</h3>
        <Field label={t('develop.uploadKeys.label')} error={fieldError(error, 'label')}>
          {(attributes) => (
            <input
              {...attributes}
              name="label"
              value={label}
              maxLength={64}
              onChange={(e) => setLabel(e.target.value)}
            />
          )}
        </Field>
        <Field
          label={t('develop.uploadKeys.ips')}
          error={fieldError(error, 'ipAllowlist')}
          hint={t('develop.uploadKeys.ipsHint')}
        >
          {(attributes) => (
            <input {...attributes} name="ipAllowlist" value={ips} onChange={(e) => setIps(e.target.value)} />
          )}
        </Field>
        <FormError error={error} fields={['label', 'ipAllowlist']} />
        <button type="submit" className="primary" disabled={busy}>
          {t('develop.uploadKeys.create')}
        </button>
      </form>
    </div>
  );
}
