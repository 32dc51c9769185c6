import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { Field, FormError, fieldError, useSubmit } from '../../lib/forms';
import { useTags } from './FollowersPanel';
import { useOfficialAccount } from './OfficialAccountsPage';
import type { Conversation, FollowerProfile } from './types';

/** One line of what a message holds, whichever side sent it (text, image, card, template…). */
function summary(entry: Conversation['entries'][number]): string {
  const body = entry.body as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  if (text(body.content)) return text(body.content);
  if (text(body.title)) return text(body.title);
  if (text(body.label)) return text(body.label);
  const articles = body.articles as Array<{ title?: string }> | undefined;
  if (articles?.[0]?.title) return articles[0].title;
  return text(body.msgtype) || entry.kind;
}

/**
 * 粉丝详情: a follower as `user/info` gives them, their remark and tags, and the conversation
 * with a customer-service text inside WeChat's 48-hour window (the service refuses outside it).
 */
export function FollowerPage(props: { accountId: string; openid: string }) {
  const { t, i18n } = useTranslation();
  const { accountId, openid } = props;
  const account = useOfficialAccount(accountId);
  const { tags, reload: reloadTags } = useTags(accountId);
  const [profile, setProfile] = useState<FollowerProfile | undefined>();
  const [missing, setMissing] = useState(false);
  const [remark, setRemark] = useState('');
  const [conversation, setConversation] = useState<Conversation | undefined>();
  const [content, setContent] = useState('');
  const saving = useSubmit();
  const tagging = useSubmit();
  const sending = useSubmit();
  const path = { params: { path: { id: accountId, openid } } };

  const load = useCallback(async () => {
    const params = { params: { path: { id: accountId, openid } } };
    const [info, talk] = await Promise.all([
      api.GET('/api/v1/official-accounts/{id}/followers/{openid}', params),
      api.GET('/api/v1/official-accounts/{id}/followers/{openid}/conversation', params),
    ]);
    setMissing(!info.data);
    setProfile(info.data);
    setConversation(talk.data);
    return info.data;
  }, [accountId, openid]);
  useEffect(() => {
    void load().then((info) => setRemark(info?.remark ?? ''));
  }, [load]);

  async function saveRemark(event: React.FormEvent) {
    event.preventDefault();
    const ok = await saving.run(() =>
      api.PUT('/api/v1/official-accounts/{id}/followers/{openid}/remark', { ...path, body: { remark } }),
    );
    if (ok) await load();
  }

  async function setTagged(tagId: number, tagged: boolean) {
    const ok = await tagging.run(() =>
      api.POST('/api/v1/official-accounts/{id}/tags/{tagId}/members', {
        params: { path: { id: accountId, tagId } },
        body: { openids: [openid], tagged },
      }),
    );
    if (ok) await Promise.all([load(), reloadTags()]);
  }

  async function send(event: React.FormEvent) {
    event.preventDefault();
    const ok = await sending.run(() =>
      api.POST('/api/v1/official-accounts/{id}/followers/{openid}/messages', { ...path, body: { content } }),
    );
    // A refusal (outside the window) keeps the text; a sent one is cleared.
    if (ok) setContent('');
    await load();
  }

  if (missing)
    return (
      <section className="page follower-page">
        <p className="form-error">{t('oaPages.follower.missing')}</p>
      </section>
    );
  if (!profile || !account) return <section className="page follower-page" aria-busy="true" />;
  const at = (ms: number) => new Date(ms).toLocaleString(i18n.language);
  const service = conversation?.window ?? profile.window;
  const sex = profile.sex === 1 ? 'male' : profile.sex === 2 ? 'female' : 'unknown';
  const region = [profile.country, profile.province, profile.city].filter(Boolean).join(' ');
  const entries = [...(conversation?.entries ?? [])].reverse();
  return (
    <section className="page follower-page" data-openid={openid}>
      <p>
        <a href={`#/official-accounts/${accountId}/followers`}>
          {t('oaPages.follower.back', { name: account.name })}
        </a>
      </p>
      <h1>{profile.remark || profile.nickname}</h1>
      <div className="follower-layout">
        <div className="card follower-profile">
          <h2>{t('oaPages.follower.profile')}</h2>
          <dl>
            <dt>OpenID</dt>
            <dd>
              <code className="openid">{profile.openid}</code>
            </dd>
            <dt>{t('oaPages.followers.nickname')}</dt>
            <dd className="nickname">{profile.nickname}</dd>
            <dt>{t('oaPages.follower.remark')}</dt>
            <dd className="remark">{profile.remark || '—'}</dd>
            <dt>{t('oaPages.follower.sex')}</dt>
            <dd>{t(`oaPages.follower.sexes.${sex}`)}</dd>
            <dt>{t('oaPages.follower.language')}</dt>
            <dd className="language">{profile.language}</dd>
            <dt>{t('oaPages.follower.region')}</dt>
            <dd>{region || '—'}</dd>
            <dt>{t('oaPages.followers.since')}</dt>
            <dd className="subscribed">{at(profile.subscribedAt)}</dd>
            <dt>{t('oaPages.follower.scene')}</dt>
            <dd className="scene">
              <code>{profile.subscribeScene}</code>
            </dd>
            {profile.unionid && (
              <>
                <dt>UnionID</dt>
                <dd>
                  <code>{profile.unionid}</code>
                </dd>
              </>
            )}
          </dl>
          <form className="inline-form remark-form" onSubmit={saveRemark}>
            <Field
              label={t('oaPages.follower.remark')}
              error={fieldError(saving.error, 'remark')}
              hint={t('oaPages.follower.remarkHint')}
            >
              {(a) => <input {...a} value={remark} onChange={(e) => setRemark(e.target.value)} />}
            </Field>
            <button type="submit" disabled={saving.busy}>
              {t('oaPages.follower.saveRemark')}
            </button>
          </form>
          <FormError error={saving.error} fields={['remark']} />
          <h3>{t('oaPages.followers.tags')}</h3>
          {tags.length === 0 && <p className="muted">{t('oaPages.follower.noTags')}</p>}
          <ul className="follower-tag-choices">
            {tags.map((tag) => (
              <li key={tag.id}>
                <label>
                  <input
                    type="checkbox"
                    checked={profile.tagIds.includes(tag.id)}
                    disabled={tagging.busy}
                    onChange={(e) => void setTagged(tag.id, e.target.checked)}
                  />{' '}
                  {tag.name}
                </label>
              </li>
            ))}
          </ul>
          <FormError error={tagging.error} />
        </div>

        <div className="card follower-conversation">
          <h2>{t('oaPages.follower.conversation')}</h2>
          <p className={`service-window${service ? ' open' : ' closed'}`} data-open={Boolean(service)}>
            {service
              ? t(`oaPages.follower.window.${service.kind}`, {
                  remaining: service.remaining,
                  until: at(service.expiresAt),
                })
              : t('oaPages.follower.window.closed')}
          </p>
          {entries.length === 0 && <p className="muted">{t('oaPages.follower.noMessages')}</p>}
          <ol className="conversation-entries">
            {entries.map((entry) => (
              <li
                key={entry.id}
                className={`conv-entry from-${entry.from}`}
                data-from={entry.from}
                data-kind={entry.kind}
              >
                <span className="muted">
                  {entry.from === 'user' ? profile.nickname : account.name} ·{' '}
                  {t(`oaPages.follower.kinds.${entry.kind}`, { defaultValue: entry.kind })} · {at(entry.at)}
                </span>
                <p className="conv-text">{summary(entry)}</p>
              </li>
            ))}
          </ol>
          <form className="custom-message" onSubmit={send}>
            <Field
              label={t('oaPages.follower.message')}
              error={fieldError(sending.error, 'content')}
              hint={t('oaPages.follower.messageHint')}
            >
              {(a) => (
                <textarea {...a} rows={3} value={content} onChange={(e) => setContent(e.target.value)} />
              )}
            </Field>
            <FormError error={sending.error} fields={['content']} />
            <button type="submit" className="primary" disabled={sending.busy || content === ''}>
              {t('oaPages.follower.send')}
            </button>
          </form>
        </div>
      </div>
    </section>
  );
}
