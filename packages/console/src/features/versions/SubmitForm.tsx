import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { Field, FormError, useSubmit } from '../../lib/forms';
import type { Version } from './types';
import type { SlotProps } from './VersionsPage';

interface ItemDraft {
  address: string;
  category: string;
  tag: string;
  title: string;
}

/**
 * 提交审核 with WeChat's fields (item_list of 1–5 pages with category, tags and title,
 * feedback, version description) and a preview of what the reviewers will see.
 */
export function SubmitForm(props: SlotProps & { version: Version; onDone(): void; onCancel(): void }) {
  const { t } = useTranslation();
  const { app, overview, version } = props;
  const categories = app.categories.map((c) => ({ key: `${c.firstId}-${c.secondId}`, ...c }));
  const blank = (): ItemDraft => ({
    address: version.pages[0] ?? '',
    category: categories[0]?.key ?? '',
    tag: '',
    title: '',
  });
  const [items, setItems] = useState<ItemDraft[]>([blank()]);
  const [feedback, setFeedback] = useState('');
  const [versionDesc, setVersionDesc] = useState(version.userDesc);
  const submit = useSubmit();
  const update = (i: number, patch: Partial<ItemDraft>) =>
    setItems(items.map((item, j) => (j === i ? { ...item, ...patch } : item)));
  const categoryOf = (key: string) => categories.find((c) => c.key === key);
  const itemError = (i: number) => (submit.error?.field === `item_list[${i}]` ? submit.error : undefined);

  const send = () =>
    submit
      .run(() =>
        api.POST('/api/v1/code/{appid}/audits', {
          params: { path: { appid: app.appid } },
          body: {
            versionId: version.id,
            items: items.map((item) => {
              const category = categoryOf(item.category);
              return {
                address: item.address,
                ...(item.tag.trim() ? { tag: item.tag.trim() } : {}),
                ...(item.title.trim() ? { title: item.title.trim() } : {}),
                ...(category ? { firstId: category.firstId, secondId: category.secondId } : {}),
              };
            }),
            ...(feedback.trim() ? { feedbackInfo: feedback.trim() } : {}),
            ...(versionDesc.trim() ? { versionDesc: versionDesc.trim() } : {}),
            revision: overview.revision,
          },
        }),
      )
      .then((ok) => {
        if (ok) props.onDone();
      });

  return (
    <form
      className="card submit-form"
      aria-label={t('versions.submitTitle', { version: version.userVersion })}
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <h3>{t('versions.submitTitle', { version: version.userVersion })}</h3>
      {items.map((item, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the items are an ordered list the user edits in place
        <fieldset key={i} className="submit-item">
          <legend>{t('versions.item', { n: i + 1 })}</legend>
          <Field label={t('versions.page')} error={itemError(i)}>
            {(a) => (
              <select
                {...a}
                name={`page-${i}`}
                value={item.address}
                onChange={(e) => update(i, { address: e.target.value })}
              >
                {version.pages.map((page) => (
                  <option key={page} value={page}>
                    {page}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('versions.category')}>
            {(a) => (
              <select
                {...a}
                name={`category-${i}`}
                value={item.category}
                onChange={(e) => update(i, { category: e.target.value })}
              >
                {categories.map((c) => (
                  <option key={c.key} value={c.key}>
                    {c.firstClass} &gt; {c.secondClass}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('versions.tags')} hint={t('versions.tagsHint')}>
            {(a) => (
              <input
                {...a}
                name={`tag-${i}`}
                value={item.tag}
                onChange={(e) => update(i, { tag: e.target.value })}
              />
            )}
          </Field>
          <Field label={t('versions.pageTitle')}>
            {(a) => (
              <input
                {...a}
                name={`title-${i}`}
                value={item.title}
                maxLength={32}
                onChange={(e) => update(i, { title: e.target.value })}
              />
            )}
          </Field>
          {items.length > 1 && (
            <button type="button" className="link" onClick={() => setItems(items.filter((_, j) => j !== i))}>
              {t('versions.removeItem')}
            </button>
          )}
        </fieldset>
      ))}
      {items.length < 5 && (
        <button type="button" onClick={() => setItems([...items, blank()])}>
          {t('versions.addItem')}
        </button>
      )}
      <Field label={t('versions.feedback')}>
        {(a) => (
          <textarea {...a} name="feedback" value={feedback} onChange={(e) => setFeedback(e.target.value)} />
        )}
      </Field>
      <Field label={t('versions.versionDesc')}>
        {(a) => (
          <textarea
            {...a}
            name="versionDesc"
            value={versionDesc}
            onChange={(e) => setVersionDesc(e.target.value)}
          />
        )}
      </Field>
      <div className="reviewer-preview">
        <h4>{t('versions.reviewerSees')}</h4>
        <p>
          {app.name} · {version.userVersion} · {versionDesc || '—'}
        </p>
        <ul>
          {items.map((item, i) => {
            const category = categoryOf(item.category);
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: mirrors the ordered items above
              <li key={i}>
                <code>{item.address}</code> —{' '}
                {category ? `${category.firstClass} > ${category.secondClass}` : '—'}
                {item.title && ` — ${item.title}`}
                {item.tag && ` — ${item.tag}`}
              </li>
            );
          })}
        </ul>
        {feedback && <p className="muted">{feedback}</p>}
      </div>
      <FormError error={submit.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={submit.busy}>
          {t('versions.submitSend')}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t('versions.cancel')}
        </button>
      </div>
    </form>
  );
}
