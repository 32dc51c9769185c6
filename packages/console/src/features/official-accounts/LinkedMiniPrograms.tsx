import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { Field, FormError, fieldError, useSubmit } from '../../lib/forms';
import type { LinkItem, OfficialAccount } from './types';

/** 关联小程序: the account's links, a request to link one (its admin confirms), unlink. */
export function LinkedMiniPrograms(props: {
  account: OfficialAccount;
  onChange?: (links: LinkItem[]) => void;
}) {
  const { t } = useTranslation();
  const { account, onChange } = props;
  const [links, setLinks] = useState<LinkItem[]>([]);
  const [open, setOpen] = useState(false);
  const [appid, setAppid] = useState('');
  const [notifyUsers, setNotifyUsers] = useState(false);
  const [showProfile, setShowProfile] = useState(false);
  const [answer, setAnswer] = useState<number | undefined>();
  const submit = useSubmit();
  const unlinking = useSubmit();

  const load = useCallback(async () => {
    const { data } = await api.GET('/api/v1/official-accounts/{id}/links', {
      params: { path: { id: account.id } },
    });
    const items = (data?.wxopens.items ?? []) as unknown as LinkItem[];
    setLinks(items);
    onChange?.(items);
  }, [account.id, onChange]);
  useEffect(() => {
    void load();
  }, [load]);

  async function link(event: React.FormEvent) {
    event.preventDefault();
    let status: number | undefined;
    const ok = await submit.run(async () => {
      const result = await api.POST('/api/v1/official-accounts/{id}/links', {
        params: { path: { id: account.id } },
        body: { appid: appid.trim(), notifyUsers, showProfile },
      });
      status = result.data?.status;
      return result;
    });
    if (ok) {
      setAnswer(status);
      setOpen(false);
      setAppid('');
      await load();
    }
  }

  async function unlink(target: string) {
    if (
      await unlinking.run(() =>
        api.DELETE('/api/v1/official-accounts/{id}/links/{appid}', {
          params: { path: { id: account.id, appid: target } },
        }),
      )
    )
      await load();
  }

  return (
    <div className="card linked-miniprograms">
      <h2>{t('oa.links.title')}</h2>
      {links.length === 0 && <p>{t('oa.links.none')}</p>}
      <ul className="rows">
        {links.map((item) => (
          <li key={item.appid} className="row link-row" data-appid={item.appid} data-status={item.status}>
            <span>{item.nickname || item.appid}</span>
            <code>{item.appid}</code>
            <span className={`status link-status-${item.status}`}>
              {t(`oa.links.status.${item.status}`, { defaultValue: String(item.status) })}
            </span>
            <button
              type="button"
              className="link"
              disabled={unlinking.busy}
              onClick={() => void unlink(item.appid)}
            >
              {t('oa.links.unlink')}
            </button>
          </li>
        ))}
      </ul>
      <FormError error={unlinking.error} />
      {answer !== undefined && (
        <p className="notice" role="status">
          {t(`oa.links.answer.${answer}`, { defaultValue: String(answer) })}
        </p>
      )}
      {!open ? (
        <button type="button" className="primary" onClick={() => setOpen(true)}>
          {t('oa.links.add')}
        </button>
      ) : (
        <form className="dialog link-dialog" role="dialog" aria-label={t('oa.links.add')} onSubmit={link}>
          <h3>{t('oa.links.add')}</h3>
          <Field
            label={t('oa.links.appid')}
            error={fieldError(submit.error, 'appid')}
            hint={t('oa.links.appidHint')}
          >
            {(a) => <input {...a} value={appid} onChange={(e) => setAppid(e.target.value)} />}
          </Field>
          <label className="inline">
            <input type="checkbox" checked={notifyUsers} onChange={(e) => setNotifyUsers(e.target.checked)} />
            {t('oa.links.notify')}
          </label>
          <label className="inline">
            <input type="checkbox" checked={showProfile} onChange={(e) => setShowProfile(e.target.checked)} />
            {t('oa.links.showProfile')}
          </label>
          {notifyUsers && (
            <div className="notice-preview">
              <p className="muted">{t('oa.links.preview')}</p>
              <p className="bubble">{t('oa.links.previewText', { account: account.name })}</p>
              <p className="muted">{t('oa.links.notQuota')}</p>
            </div>
          )}
          <FormError error={submit.error} fields={['appid']} />
          <div className="actions">
            <button type="submit" className="primary" disabled={submit.busy}>
              {t('oa.links.send')}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              {t('oa.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
