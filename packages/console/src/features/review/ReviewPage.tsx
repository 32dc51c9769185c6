import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { Field, FormError, fieldError, useSubmit } from '../../lib/forms';
import { navigate } from '../../lib/router';
import { formatBytes } from '../versions/VersionsPage';

/** The reviewer detail answer (its schema is open: the server adds the preview link). */
interface Detail {
  auditid: number;
  status: number;
  statusName: string;
  appid: string;
  appName: string | null;
  subjectType: string;
  items: Array<{
    address: string;
    firstClass: string;
    secondClass: string;
    tag: string;
    title: string;
    categoryAllowed: boolean;
  }>;
  feedbackInfo: string | null;
  versionDesc: string | null;
  version: {
    userVersion: string;
    userDesc: string;
    pages: string[];
    files: Array<{ path: string; bytes: number }>;
  };
  preview: { url: string };
}

const IMAGE = /\.(png|jpe?g|gif|webp)$/i;

/**
 * 审核详情: the submitted version running in the runtime beside its files (source as text,
 * images shown), the declared categories checked against the subject type, and the decision.
 */
export function ReviewPage(props: { auditid: string }) {
  const { t } = useTranslation();
  const [detail, setDetail] = useState<Detail | undefined>();
  const [file, setFile] = useState<{ path: string; text?: string } | undefined>();
  const auditid = Number(props.auditid);

  useEffect(() => {
    void api
      .GET('/api/v1/review/audits/{auditid}', { params: { path: { auditid } } })
      .then(({ data }) => setDetail(data as unknown as Detail));
  }, [auditid]);

  const show = async (path: string) => {
    if (IMAGE.test(path)) return setFile({ path });
    const response = await fetch(`/api/v1/review/audits/${auditid}/files/${path}`, {
      credentials: 'same-origin',
    });
    setFile({ path, text: await response.text() });
  };

  if (!detail) return <section className="page">{t('versions.loading')}</section>;
  const pending = detail.status === 2 || detail.status === 4;
  return (
    <section className="page review-page">
      <h1>
        {t('review.title', { app: detail.appName ?? detail.appid, version: detail.version.userVersion })}
      </h1>
      <div className="card review-facts">
        <p>
          {t('review.subjectType')}:{' '}
          <strong>{t(`subjectTypes.${detail.subjectType}`, { defaultValue: detail.subjectType })}</strong>
          {' · '}
          {t('review.status')}: {t(`versions.auditStatusName.${detail.statusName}`)}
        </p>
        {detail.versionDesc && <p>{detail.versionDesc}</p>}
        {detail.feedbackInfo && (
          <p className="muted">
            {t('review.feedback')}: {detail.feedbackInfo}
          </p>
        )}
        <ul className="rows">
          {detail.items.map((item) => (
            <li key={item.address} className="row review-item" data-allowed={item.categoryAllowed}>
              <code>{item.address}</code>
              <span>
                {item.firstClass} &gt; {item.secondClass}
              </span>
              <span className={`status ${item.categoryAllowed ? 'status-verified' : 'status-rejected'}`}>
                {item.categoryAllowed ? t('review.categoryOk') : t('review.categoryClosed')}
              </span>
              {item.title && <span>{item.title}</span>}
              {item.tag && <span className="muted">{item.tag}</span>}
            </li>
          ))}
        </ul>
      </div>
      <div className="review-split">
        <iframe
          className="runtime-preview review-preview"
          title={t('review.preview')}
          src={detail.preview.url}
        />
        <div className="review-files card">
          <h2>{t('review.files')}</h2>
          <ul className="file-list">
            {detail.version.files.map((f) => (
              <li key={f.path}>
                <button type="button" className="link" onClick={() => void show(f.path)}>
                  {f.path}
                </button>{' '}
                <span className="muted">{formatBytes(f.bytes)}</span>
              </li>
            ))}
          </ul>
          {file && (
            <div className="file-view">
              <h3>
                <code>{file.path}</code>
              </h3>
              {file.text === undefined ? (
                <img src={`/api/v1/review/audits/${auditid}/files/${file.path}`} alt={file.path} />
              ) : (
                <pre className="source">{file.text}</pre>
              )}
            </div>
          )}
        </div>
      </div>
      {pending && <Decision auditid={auditid} items={detail.items.map((i) => i.address)} />}
    </section>
  );
}

function Decision(props: { auditid: number; items: string[] }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [itemReasons, setItemReasons] = useState<Record<string, string>>({});
  const [screenshot, setScreenshot] = useState<string | undefined>();
  const act = useSubmit();
  const path = { params: { path: { auditid: props.auditid } } };
  const after = (ok: boolean) => ok && navigate('/review');

  const pick = (files: FileList | null) => {
    const picked = files?.[0];
    if (!picked) return setScreenshot(undefined);
    const reader = new FileReader();
    reader.onload = () => setScreenshot(String(reader.result));
    reader.readAsDataURL(picked);
  };
  const items = Object.entries(itemReasons)
    .filter(([, text]) => text.trim())
    .map(([address, text]) => ({ address, reason: text.trim() }));

  return (
    <form className="card decision" onSubmit={(event) => event.preventDefault()}>
      <h2>{t('review.decision')}</h2>
      <Field label={t('review.reason')} error={fieldError(act.error, 'reason')}>
        {(a) => <textarea {...a} name="reason" value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      {props.items.map((address) => (
        <Field key={address} label={t('review.itemReason', { page: address })}>
          {(a) => (
            <input
              {...a}
              name={`item-${address}`}
              value={itemReasons[address] ?? ''}
              onChange={(e) => setItemReasons({ ...itemReasons, [address]: e.target.value })}
            />
          )}
        </Field>
      ))}
      <Field label={t('review.screenshot')} error={fieldError(act.error, 'screenshot')}>
        {(a) => (
          <input
            {...a}
            name="screenshot"
            type="file"
            accept="image/png,image/jpeg"
            onChange={(e) => pick(e.target.files)}
          />
        )}
      </Field>
      <FormError error={act.error} fields={['reason', 'screenshot']} />
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={act.busy}
          onClick={() =>
            void act.run(() => api.POST('/api/v1/review/audits/{auditid}/approve', path)).then(after)
          }
        >
          {t('review.approve')}
        </button>
        <button
          type="button"
          className="danger"
          disabled={act.busy}
          onClick={() =>
            void act
              .run(() =>
                api.POST('/api/v1/review/audits/{auditid}/reject', {
                  ...path,
                  body: { reason, ...(items.length ? { items } : {}), ...(screenshot ? { screenshot } : {}) },
                }),
              )
              .then(after)
          }
        >
          {t('review.reject')}
        </button>
        <button
          type="button"
          disabled={act.busy}
          onClick={() =>
            void act
              .run(() => api.POST('/api/v1/review/audits/{auditid}/delay', { ...path, body: { reason } }))
              .then(after)
          }
        >
          {t('review.delay')}
        </button>
      </div>
    </form>
  );
}
