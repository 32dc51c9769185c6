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
  const [msgtype, setMsgtype] = useState<'text' | 'image'>('text');
  /** The uploaded image: its media_id for the broadcast and the picture shown before sending. */
  const [image, setImage] = useState<{ mediaId: string; preview: string } | undefined>();
  const uploading = useSubmit();
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
        body: {
          ...(msgtype === 'image' ? { msgtype, ...(image ? { mediaId: image.mediaId } : {}) } : { content }),
          ...(tagId ? { tagId: Number(tagId) } : {}),
        },
      }),
    );
    // A refusal keeps the text or image for another try; only a sent one is cleared.
    if (ok) {
      setContent('');
      setImage(undefined);
    }
    await load();
  }

  /** Uploads the chosen picture as the account's temporary medium (media/upload), as a data URL. */
  async function upload(file: File | undefined) {
    setImage(undefined);
    if (!file) return;
    const dataUrl = await new Promise<string>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(file);
    });
    let mediaId: string | undefined;
    await uploading.run(async () => {
      const result = await api.POST('/api/v1/official-accounts/{id}/media', {
        params: { path: { id: account.id } },
        body: { image: dataUrl },
      });
      mediaId = result.data?.mediaId;
      return result;
    });
    if (mediaId) setImage({ mediaId, preview: dataUrl });
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
        <Field label={t('oaPages.broadcast.msgtype')}>
          {(a) => (
            <select {...a} value={msgtype} onChange={(e) => setMsgtype(e.target.value as 'text' | 'image')}>
              <option value="text">{t('oaPages.broadcast.types.text')}</option>
              <option value="image">{t('oaPages.broadcast.types.image')}</option>
            </select>
          )}
        </Field>
        {msgtype === 'text' ? (
          <Field label={t('oaPages.broadcast.content')} error={fieldError(submit.error, 'content')}>
            {(a) => <textarea {...a} rows={4} value={content} onChange={(e) => setContent(e.target.value)} />}
          </Field>
        ) : (
          <>
            <Field
              label={t('oaPages.broadcast.image')}
              error={fieldError(uploading.error, 'image') ?? fieldError(submit.error, 'mediaId')}
              hint={t('oaPages.broadcast.imageHint')}
            >
              {(a) => (
                <input
                  {...a}
                  type="file"
                  accept="image/png,image/jpeg"
                  onChange={(e) => void upload(e.target.files?.[0])}
                />
              )}
            </Field>
            <FormError error={uploading.error} fields={['image']} />
            {image && (
              <p className="uploaded-image" data-media={image.mediaId}>
                <img src={image.preview} alt={t('oaPages.broadcast.image')} width={96} />{' '}
                <code className="muted">{image.mediaId}</code>
              </p>
            )}
          </>
        )}
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
        <FormError error={submit.error} fields={['content', 'mediaId']} />
        <button type="submit" className="primary" disabled={submit.busy || uploading.busy}>
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
              <td className="broadcast-content" data-msgtype={item.msgtype}>
                {item.msgtype === 'image'
                  ? item.mediaIds.map((id) => (
                      <img
                        key={id}
                        src={`/api/v1/media/${id}`}
                        alt={t('oaPages.broadcast.types.image')}
                        height={40}
                      />
                    ))
                  : item.text || item.msgtype}
              </td>
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
