import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { FormError, useSubmit } from '../../lib/forms';
import { Table } from '../../lib/Table';
import type { PushLogEntry } from './types';

/** 推送日志: every attempt to push to the account's server, with a replay of any of them. */
export function DeliveryLog(props: { appid: string }) {
  const { t } = useTranslation();
  const [entries, setEntries] = useState<PushLogEntry[]>([]);
  const submit = useSubmit();
  const load = useCallback(async () => {
    const { data } = await api.GET('/api/v1/push/{appid}/log', { params: { path: { appid: props.appid } } });
    setEntries(data ?? []);
  }, [props.appid]);
  useEffect(() => {
    void load();
  }, [load]);

  async function replay(id: string) {
    if (
      await submit.run(() =>
        api.POST('/api/v1/push/{appid}/log/{id}/replay', { params: { path: { appid: props.appid, id } } }),
      )
    )
      await load();
  }

  return (
    <div className="card delivery-log">
      <h2>{t('oa.log.title')}</h2>
      <button type="button" onClick={() => void load()}>
        {t('oa.log.refresh')}
      </button>
      <FormError error={submit.error} />
      {entries.length === 0 && <p>{t('oa.log.empty')}</p>}
      <Table
        headings={[
          t('oa.log.at'),
          t('oa.log.event'),
          t('oa.log.attempt'),
          t('oa.log.outcome'),
          t('oa.log.duration'),
          t('oa.log.detail'),
          '',
        ]}
      >
        {entries.map((entry) => (
          <tr key={entry.id} className="log-row" data-outcome={entry.outcome}>
            <td>{new Date(entry.at).toLocaleString()}</td>
            <td>
              <code>{entry.eventType}</code>
            </td>
            <td>
              {entry.attempt}
              {entry.replay ? ` (${t('oa.log.replayed')})` : ''}
            </td>
            <td>
              {t(`oa.log.outcomes.${entry.outcome}`)} {entry.status ?? ''}
            </td>
            <td>{entry.durationMs} ms</td>
            <td>
              <details>
                <summary>{entry.detail || t('oa.log.show')}</summary>
                <pre className="mono">{entry.excerpt}</pre>
              </details>
            </td>
            <td>
              <button type="button" disabled={submit.busy} onClick={() => void replay(entry.id)}>
                {t('oa.log.replay')}
              </button>
            </td>
          </tr>
        ))}
      </Table>
    </div>
  );
}
