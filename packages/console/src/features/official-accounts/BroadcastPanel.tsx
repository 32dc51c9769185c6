import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { Field, FormError, fieldError, useSubmit } from '../../lib/forms';
import { useTags } from './FollowersPanel';
import type { Broadcasts, OfficialAccount } from './types';

/** 群发: the period's quota, a text to all followers or a tag, and every broadcast with its counts. */
export function BroadcastPanel(props: { account: OfficialAccount }) {
  const { t } = useTranslation();
  const { account } = props;
  const [state, setState] = useState<Broadcasts | undefined>();
  const [content, setContent] = useState('');
  const [tagId, setTagId] = useState('');
  const { tags } = useTags(account.id);
  const submit = useSubmit();

  const load = useCallback(async () => {
    const { data } = await api.GET('/api/v1/official-accounts/{id}/broadcasts', {
      params: { path: { id: account.id } },
    });
    setState(data);
  }, [account.id]);
  useEffect(() => {
    void load();
  }, [load]);
  // A broadcast to many goes through a job: follow it until every one is done.
  useEffect(() => {
    if (!state?.items.some((item) => item.status === 'sending')) return;
    const timer = setTimeout(() => void load(), 1000);
    return () => clearTimeout(timer);
  }, [state, load]);

  async function send(event: React.FormEvent) {
    event.preventDefault();
    const ok = await submit.run(() =>
      api.POST('/api/v1/official-accounts/{id}/broadcasts', {
        params: { path: { id: account.id } },
        body: { content, ...(tagId ? { tagId: Number(tagId) } : {}) },
      }),
    );
    // A refusal keeps the text for another try; only a sent text is cleared.
    if (ok) setContent('');
    await load();
  }

  const quota = state?.quota;
  const tagName = (id: number | null) => tags.find((tag) => tag.id === id)?.name ?? String(id);
  return (
    <div className="card broadcast">
      <h2>{t('oaPages.broadcast.title')}</h2>
      {quota && (
        <p className="quota" data-remaining={quota.remaining}>
          {t(`oaPages.broadcast.quota.${quota.period}`, { remaining: quota.remaining, limit: quota.limit })}
        </p>
      )}
      <p className="muted">{t('oa.links.notQuota')}</p>
      <form onSubmit={send}>
        <Field label={t('oaPages.broadcast.content')} error={fieldError(submit.error, 'content')}>
          {(a) => <textarea {...a} rows={4} value={content} onChange={(e) => setContent(e.target.value)} />}
        </Field>
        <Field label={t('oaPages.broadcast.to')}>
          {(a) => (
            <select {...a} value={tagId} onChange={(e) => setTagId(e.target.value)}>
              <option value="">{t('oaPages.broadcast.all')}</option>
              {tags.map((tag) => (
                <option key={tag.id} value={String(tag.id)}>
                  {t('oaPages.broadcast.tag', { name: tag.name, count: tag.count })}
                </option>
              ))}
            </select>
          )}
        </Field>
        <FormError error={submit.error} fields={['content']} />
        <button type="submit" className="primary" disabled={submit.busy}>
          {t('oaPages.broadcast.send')}
        </button>
      </form>
      <h3>{t('oaPages.broadcast.history')}</h3>
      {state?.items.length === 0 && <p className="muted">{t('oaPages.broadcast.none')}</p>}
      <table>
        <thead>
          <tr>
            <th>{t('oaPages.broadcast.at')}</th>
            <th>{t('oaPages.broadcast.to')}</th>
            <th>{t('oaPages.broadcast.content')}</th>
            <th>{t('oaPages.broadcast.status')}</th>
            <th>{t('oaPages.broadcast.delivered')}</th>
          </tr>
        </thead>
        <tbody>
          {state?.items.map((item) => (
            <tr key={item.msgId} className="broadcast-row" data-status={item.status} data-msgid={item.msgId}>
              <td>{new Date(item.createdAt).toLocaleString()}</td>
              <td>
                {item.to === 'tag'
                  ? tagName(item.tagId)
                  : item.to === 'list'
                    ? t('oaPages.broadcast.list')
                    : t('oaPages.broadcast.all')}
              </td>
              <td>{item.text || item.msgtype}</td>
              <td>{t(`oaPages.broadcast.statuses.${item.status}`)}</td>
              <td className="delivered">
                {item.planned === null ? item.delivered : `${item.delivered} / ${item.planned}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
