import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type CategoryNode } from '../../lib/api';
import { Field, FormError, fieldError, useSubmit } from '../../lib/forms';

/** 类目管理: the two-level tree; who may use a first-level category, which need a document. */
export function CategoriesPage() {
  const { t } = useTranslation();
  const [tree, setTree] = useState<CategoryNode[]>([]);
  const { busy, error, run } = useSubmit();
  const load = useCallback(async () => {
    const { data } = await api.GET('/api/v1/categories');
    setTree(data ?? []);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const patch = (
    id: number,
    body: { name?: string; openToIndividual?: boolean; needsQualification?: boolean; disabled?: boolean },
  ) =>
    run(async () => {
      const answer = await api.PATCH('/api/v1/admin/categories/{id}', { params: { path: { id } }, body });
      if (answer.data) await load();
      return answer;
    });
  const remove = (id: number) =>
    run(async () => {
      const answer = await api.DELETE('/api/v1/admin/categories/{id}', { params: { path: { id } } });
      if (answer.data) await load();
      return answer;
    });

  return (
    <section className="page">
      <h1>{t('admin.categories.title')}</h1>
      <FormError error={error} />
      {tree.map((first) => (
        <div
          key={first.id}
          className={`card category-edit${first.disabled ? ' disabled' : ''}`}
          data-category={first.name}
        >
          <h2>
            <CategoryName name={first.name} busy={busy} onRename={(name) => patch(first.id, { name })} />
          </h2>
          <DisabledToggle
            name={first.name}
            disabled={first.disabled}
            busy={busy}
            onChange={(disabled) => void patch(first.id, { disabled })}
          />{' '}
          <label>
            <input
              type="checkbox"
              checked={first.openToIndividual}
              disabled={busy}
              onChange={(e) => void patch(first.id, { openToIndividual: e.target.checked })}
            />
            {t('admin.categories.openToIndividual')}
          </label>{' '}
          <button type="button" className="danger" disabled={busy} onClick={() => void remove(first.id)}>
            {t('admin.categories.remove')}
          </button>
          <ul>
            {first.children.map((second) => (
              <li key={second.id} data-category={second.name} className={second.disabled ? 'disabled' : ''}>
                <CategoryName
                  name={second.name}
                  busy={busy}
                  onRename={(name) => patch(second.id, { name })}
                />{' '}
                <DisabledToggle
                  name={`${first.name} › ${second.name}`}
                  disabled={second.disabled}
                  busy={busy}
                  onChange={(disabled) => void patch(second.id, { disabled })}
                />{' '}
                <label>
                  <input
                    type="checkbox"
                    checked={second.needsQualification}
                    disabled={busy}
                    onChange={(e) => void patch(second.id, { needsQualification: e.target.checked })}
                  />
                  {t('create.needsQualification')}
                </label>{' '}
                <button type="button" className="link" disabled={busy} onClick={() => void remove(second.id)}>
                  {t('admin.categories.remove')}
                </button>
              </li>
            ))}
          </ul>
          <AddCategory parentId={first.id} onAdded={load} />
        </div>
      ))}
      <div className="card">
        <h2>{t('admin.categories.newFirst')}</h2>
        <AddCategory parentId={null} onAdded={load} />
      </div>
    </section>
  );
}

function AddCategory(props: { parentId: number | null; onAdded(): Promise<void> }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const { busy, error, run } = useSubmit();
  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      const answer = await api.POST('/api/v1/admin/categories', { body: { parentId: props.parentId, name } });
      if (answer.data) {
        setName('');
        await props.onAdded();
      }
      return answer;
    });
  }
  return (
    <form className="inline-form" onSubmit={submit} noValidate>
      <Field
        label={props.parentId === null ? t('admin.categories.firstName') : t('admin.categories.secondName')}
        error={fieldError(error, 'name')}
      >
        {(attributes) => (
          <input {...attributes} value={name} maxLength={40} onChange={(e) => setName(e.target.value)} />
        )}
      </Field>
      <FormError error={error} fields={['name']} />
      <button type="submit" disabled={busy || !name.trim()}>
        {t('admin.categories.add')}
      </button>
    </form>
  );
}

/** A category's name, renamed in place: the apps in it show the new name. */
function CategoryName(props: { name: string; busy: boolean; onRename(name: string): Promise<boolean> }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(props.name);
  if (!editing)
    return (
      <>
        <span className="category-name">{props.name}</span>{' '}
        <button
          type="button"
          className="link"
          aria-label={t('categoryEditor.renameOf', { name: props.name })}
          onClick={() => {
            setName(props.name);
            setEditing(true);
          }}
        >
          {t('categoryEditor.rename')}
        </button>
      </>
    );
  async function save(event: FormEvent) {
    event.preventDefault();
    if (await props.onRename(name.trim())) setEditing(false);
  }
  return (
    <form className="inline-form rename" onSubmit={save} noValidate>
      <input
        aria-label={t('categoryEditor.newName', { name: props.name })}
        value={name}
        maxLength={40}
        onChange={(e) => setName(e.target.value)}
      />{' '}
      <button type="submit" disabled={props.busy || !name.trim()}>
        {t('common.save')}
      </button>{' '}
      <button type="button" className="link" onClick={() => setEditing(false)}>
        {t('common.cancel')}
      </button>
    </form>
  );
}

/** 停用: no longer offered to new choices; apps already in the category keep it. */
function DisabledToggle(props: {
  name: string;
  disabled: boolean;
  busy: boolean;
  onChange(disabled: boolean): void;
}) {
  const { t } = useTranslation();
  return (
    <label>
      <input
        type="checkbox"
        checked={props.disabled}
        disabled={props.busy}
        aria-label={t('categoryEditor.disableOf', { name: props.name })}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      {t('categoryEditor.disabled')}
    </label>
  );
}
