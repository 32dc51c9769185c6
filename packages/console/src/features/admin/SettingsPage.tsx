import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type paths } from '../../lib/api';
import { FormError, useSubmit } from '../../lib/forms';

type Entry =
  paths['/api/v1/admin/settings/entries']['get']['responses'][200]['content']['application/json'][number];

/** 运营设置: every operator setting, its current value and its default; changed one at a time. */
export function SettingsPage() {
  const { t } = useTranslation();
  const [entries, setEntries] = useState<Entry[]>([]);
  const [filter, setFilter] = useState('');
  const load = useCallback(async () => {
    const { data } = await api.GET('/api/v1/admin/settings/entries');
    setEntries(data ?? []);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const shown = entries.filter((entry) => entry.key.toLowerCase().includes(filter.trim().toLowerCase()));
  return (
    <section className="page settings">
      <h1>{t('admin.settings.title')}</h1>
      <label className="filter">
        {t('admin.settings.filter')} <input value={filter} onChange={(e) => setFilter(e.target.value)} />
      </label>
      <div className="card table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t('admin.settings.key')}</th>
              <th>{t('admin.settings.value')}</th>
              <th>{t('admin.settings.default')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((entry) => (
              <SettingRow key={entry.key} entry={entry} onSaved={load} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function SettingRow(props: { entry: Entry; onSaved(): Promise<void> }) {
  const { t } = useTranslation();
  const { entry } = props;
  const [text, setText] = useState(String(entry.value));
  const { busy, error, run } = useSubmit();
  const changed = entry.default !== null && entry.value !== entry.default;
  const save = (value: number | string | boolean) =>
    run(async () => {
      const answer = await api.PUT('/api/v1/admin/settings/{key}', {
        params: { path: { key: entry.key } },
        body: { value },
      });
      if (answer.data) await props.onSaved();
      return answer;
    });
  const id = `setting-${entry.key}`;
  return (
    <tr className={changed ? 'changed' : undefined} data-key={entry.key}>
      <th scope="row">
        <label htmlFor={id}>
          <code>{entry.key}</code>
        </label>
      </th>
      <td>
        {typeof entry.value === 'boolean' ? (
          <input
            id={id}
            type="checkbox"
            checked={entry.value}
            disabled={busy}
            onChange={(e) => void save(e.target.checked)}
          />
        ) : (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              void save(typeof entry.value === 'number' ? Number(text) : text);
            }}
          >
            <input
              id={id}
              value={text}
              inputMode={typeof entry.value === 'number' ? 'numeric' : undefined}
              onChange={(e) => setText(e.target.value)}
            />
            <button type="submit" disabled={busy || text === String(entry.value)}>
              {t('common.save')}
            </button>
          </form>
        )}
        <FormError error={error} />
      </td>
      <td>
        <code>{entry.default === null ? '—' : String(entry.default)}</code>
      </td>
    </tr>
  );
}
