import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type CategoryNode, type Subject } from '../../lib/api';
import { CopyButton } from '../../lib/CopyButton';
import { Field, FormError, fieldError, useSubmit } from '../../lib/forms';
import { CategoryPicker, type Chosen } from './CategoryPicker';
import { cropIcon, readDataUrl } from './icon-crop';

type NameState = 'checking' | 'available' | 'taken' | undefined;

/**
 * 创建小程序: a verified subject, a unique name (checked as it is typed), a square icon, an intro
 * and 1–5 categories. The app is registered once: a retry after a refused detail fills in the
 * same app rather than making another.
 */
export function CreatePage() {
  const { t } = useTranslation();
  const [subjects, setSubjects] = useState<Subject[]>([]);
  const [tree, setTree] = useState<CategoryNode[]>([]);
  const [subjectId, setSubjectId] = useState('');
  const [name, setName] = useState('');
  const [nameState, setNameState] = useState<NameState>();
  const [icon, setIcon] = useState<string | undefined>();
  const [iconProblem, setIconProblem] = useState<string | undefined>();
  const [intro, setIntro] = useState('');
  const [chosen, setChosen] = useState<Chosen[]>([]);
  const [created, setCreated] = useState<
    { id: string; appid: string; secret?: string | undefined } | undefined
  >();
  const registered = useRef<string | undefined>(undefined);
  const { busy, error, setError, run } = useSubmit();

  useEffect(() => {
    void api.GET('/api/v1/subjects').then(({ data }) => {
      const verified = (data ?? []).filter((subject) => subject.status === 'verified');
      setSubjects(verified);
      setSubjectId((current) => current || verified[0]?.id || '');
    });
    void api.GET('/api/v1/categories').then(({ data }) => setTree(data ?? []));
  }, []);

  useEffect(() => {
    const wanted = name.trim();
    if (wanted.length < 2) return setNameState(undefined);
    setNameState('checking');
    const timer = setTimeout(() => {
      void api
        .GET('/api/v1/miniprograms/name-available', {
          params: { query: { name: wanted, ...(registered.current ? { appId: registered.current } : {}) } },
        })
        .then(({ data }) => setNameState(data ? (data.available ? 'available' : 'taken') : undefined));
    }, 300);
    return () => clearTimeout(timer);
  }, [name]);

  const individual = subjects.find((subject) => subject.id === subjectId)?.type === 'individual';
  const needing = chosen.filter((choice) =>
    tree.some((first) =>
      first.children.some((second) => second.id === choice.secondId && second.needsQualification),
    ),
  );

  async function pickIcon(file: File | undefined) {
    setIconProblem(undefined);
    if (!file) return;
    const cropped = await cropIcon(file);
    if ('problem' in cropped) {
      setIcon(undefined);
      setIconProblem(t(`create.iconProblems.${cropped.problem}`));
    } else setIcon(cropped.dataUrl);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!icon) {
      setIconProblem(t('create.iconRequired'));
      return;
    }
    if (chosen.length === 0) {
      setError({ code: 'categories', message: t('create.categoriesRequired'), field: 'categories' });
      return;
    }
    await run(async () => {
      if (!registered.current) {
        const made = await api.POST('/api/v1/miniprograms', { body: { subjectId } });
        if (!made.data) return made;
        registered.current = made.data.id;
      }
      const id = registered.current;
      const filled = await api.PATCH('/api/v1/miniprograms/{id}', {
        params: { path: { id } },
        body: { name: name.trim(), intro, icon, categories: chosen },
      });
      if (filled.data) setCreated({ id, appid: filled.data.app.appid, secret: filled.data.secret });
      return filled;
    });
  }

  if (created)
    return (
      <section className="page">
        <h1>{t('create.doneTitle')}</h1>
        <div className="card created" aria-live="polite">
          <p>
            AppID: <code className="appid">{created.appid}</code> <CopyButton text={created.appid} />
          </p>
          {created.secret && (
            <>
              <p className="warning">{t('develop.secretOnce')}</p>
              <p>
                AppSecret: <code className="secret">{created.secret}</code>{' '}
                <CopyButton text={created.secret} />
              </p>
            </>
          )}
          <a className="button primary" href={`#/apps/${created.id}/develop`}>
            {t('nav.develop')}
          </a>
        </div>
      </section>
    );

  if (subjects.length === 0)
    return (
      <section className="page">
        <h1>{t('create.title')}</h1>
        <p>
          {t('dashboard.verifyFirst')} <a href="#/verify">{t('dashboard.verify')}</a>
        </p>
      </section>
    );

  return (
    <section className="page">
      <h1>{t('create.title')}</h1>
      <form className="card create-form" onSubmit={submit} noValidate>
        <Field label={t('create.subject')} error={fieldError(error, 'subjectId')}>
          {(attributes) => (
            <select
              {...attributes}
              name="subjectId"
              value={subjectId}
              disabled={Boolean(registered.current)}
              onChange={(e) => setSubjectId(e.target.value)}
            >
              {subjects.map((subject) => (
                <option key={subject.id} value={subject.id}>
                  {subject.name} ({t(`subjectTypes.${subject.type}`, { defaultValue: subject.type })})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={t('create.name')}
          error={
            fieldError(error, 'name') ??
            (nameState === 'taken' ? { code: 'name_taken', message: t('create.nameTaken') } : undefined)
          }
          hint={nameState === 'available' ? t('create.nameAvailable') : t('create.nameHint')}
        >
          {(attributes) => (
            <input
              {...attributes}
              name="name"
              value={name}
              maxLength={30}
              onChange={(e) => setName(e.target.value)}
              required
            />
          )}
        </Field>
        <Field
          label={t('create.icon')}
          error={
            fieldError(error, 'icon') ?? (iconProblem ? { code: 'icon', message: iconProblem } : undefined)
          }
          hint={t('create.iconHint')}
        >
          {(attributes) => (
            <input
              {...attributes}
              name="icon"
              type="file"
              accept="image/png,image/jpeg"
              onChange={(e) => void pickIcon(e.target.files?.[0])}
            />
          )}
        </Field>
        {icon && (
          <img className="icon-preview" src={icon} alt={t('create.iconPreview')} width={72} height={72} />
        )}
        <Field label={t('create.intro')} error={fieldError(error, 'intro')} hint={t('create.introHint')}>
          {(attributes) => (
            <textarea
              {...attributes}
              name="intro"
              value={intro}
              minLength={4}
              maxLength={120}
              rows={3}
              onChange={(e) => setIntro(e.target.value)}
              required
            />
          )}
        </Field>
        <CategoryPicker tree={tree} individual={individual} chosen={chosen} onChange={setChosen} />
        {fieldError(error, 'categories') && <FormError error={error} />}
        {needing.map((choice) => {
          const first = tree.find((node) => node.id === choice.firstId);
          const second = first?.children.find((node) => node.id === choice.secondId);
          return (
            <Field key={choice.secondId} label={t('create.qualification', { category: second?.name ?? '' })}>
              {(attributes) => (
                <input
                  {...attributes}
                  type="file"
                  accept="image/png,image/jpeg,application/pdf"
                  onChange={(e) => {
                    const file = e.target.files?.[0];
                    if (file)
                      void readDataUrl(file).then((qualification) =>
                        setChosen((all) =>
                          all.map((c) => (c.secondId === choice.secondId ? { ...c, qualification } : c)),
                        ),
                      );
                  }}
                />
              )}
            </Field>
          );
        })}
        <FormError error={error} fields={['subjectId', 'name', 'icon', 'intro', 'categories']} />
        <button type="submit" className="primary" disabled={busy}>
          {t('create.submit')}
        </button>
      </form>
    </section>
  );
}
