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
    body: { name?: string; openToIndividual?: boolean; needsQualification?: boolean },
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
        <div key={first.id} className="card category-edit" data-category={first.name}>
          <h2>{first.name}</h2>
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
              <li key={second.id}>
                {second.name}{' '}
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
