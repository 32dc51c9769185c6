import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { Field, FormError, fieldError, useSubmit } from '../../lib/forms';
import { useMiniProgram } from '../miniprograms/useMiniProgram';

type Category = {
  id: number;
  name: string;
  mine: boolean;
  titles: Array<{
    tid: number;
    title: string;
    type: number;
    keywords: Array<{ kid: number; name: string; example: string }>;
  }>;
};
type Template = { priTmplId: string; title: string; content: string; example: string; type: number };
type Title = Category['titles'][number];

/**
 * 订阅消息: the platform's template library by category, and the mini program's own templates
 * (what `subscribeMessage.getTemplateList` / `/wxaapi/newtmpl/gettemplate` answer). WeChat allows
 * 2 to 5 keywords; the server decides and its refusal shows at the keywords.
 */
export function MessageTemplatesPage(props: { id: string }) {
  const { t } = useTranslation();
  const { app } = useMiniProgram(props.id);
  const appid = app?.appid;
  const [library, setLibrary] = useState<Category[] | undefined>();
  const [mine, setMine] = useState<Template[] | undefined>();
  const [chosen, setChosen] = useState<Title | undefined>();
  const [kids, setKids] = useState<number[]>([]);
  const [sceneDesc, setSceneDesc] = useState('');
  const add = useSubmit();
  const remove = useSubmit();

  const loadMine = useCallback(async () => {
    if (!appid) return;
    const { data } = await api.GET('/api/v1/mp-templates/{appid}', { params: { path: { appid } } });
    setMine(data ?? []);
  }, [appid]);
  useEffect(() => {
    if (!appid) return;
    void api
      .GET('/api/v1/mp-templates/{appid}/library', { params: { path: { appid } } })
      .then(({ data }) => setLibrary(data ?? []));
    void loadMine();
  }, [appid, loadMine]);

  function choose(title: Title) {
    setChosen(title);
    setKids([]);
    setSceneDesc('');
    add.setError(undefined);
  }

  function toggle(kid: number) {
    // The order of ticking is the order of the message's fields, as kidList is.
    setKids((list) => (list.includes(kid) ? list.filter((k) => k !== kid) : [...list, kid]));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!appid || !chosen) return;
    const ok = await add.run(() =>
      api.POST('/api/v1/mp-templates/{appid}', {
        params: { path: { appid } },
        body: { tid: chosen.tid, kidList: kids, sceneDesc },
      }),
    );
    if (ok) {
      setChosen(undefined);
      await loadMine();
    }
  }

  async function del(template: Template) {
    if (!appid) return;
    const ok = await remove.run(() =>
      api.DELETE('/api/v1/mp-templates/{appid}/{priTmplId}', {
        params: { path: { appid, priTmplId: template.priTmplId } },
      }),
    );
    if (ok) await loadMine();
  }

  return (
    <section className="page message-templates">
      <h1>{t('mpTemplates.title')}</h1>
      <p className="muted">{t('mpTemplates.intro')}</p>

      <h2>{t('mpTemplates.mine')}</h2>
      <FormError error={remove.error} />
      {mine?.length === 0 && <p className="muted">{t('mpTemplates.none')}</p>}
      <ul className="rows my-templates">
        {mine?.map((template) => (
          <li key={template.priTmplId} className="row my-template" data-id={template.priTmplId}>
            <div>
              <strong>{template.title}</strong>{' '}
              <span className="muted">{t(`mpTemplates.type.${template.type === 3 ? 3 : 2}`)}</span>
              <pre className="template-content">{template.content}</pre>
              <code className="pri-tmpl-id">{template.priTmplId}</code>
            </div>
            <button type="button" disabled={remove.busy} onClick={() => void del(template)}>
              {t('mpTemplates.delete')}
            </button>
          </li>
        ))}
      </ul>

      <h2>{t('mpTemplates.library')}</h2>
      {library?.map((category) => (
        <div key={category.id} className="library-category" data-category={category.id}>
          <h3>
            {category.name} {category.mine && <span className="muted">{t('mpTemplates.myCategory')}</span>}
          </h3>
          <ul className="rows">
            {category.titles.map((title) => (
              <li key={title.tid} className="row library-title" data-tid={title.tid}>
                <span>{title.title}</span>
                <span className="muted">{t(`mpTemplates.type.${title.type === 3 ? 3 : 2}`)}</span>
                <button type="button" onClick={() => choose(title)}>
                  {t('mpTemplates.choose')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}

      {chosen && (
        <form className="card add-template" onSubmit={(event) => void submit(event)}>
          <h3>{t('mpTemplates.adding', { title: chosen.title })}</h3>
          <Field label={t('mpTemplates.keywords')} error={fieldError(add.error, 'kidList')}>
            {(attributes) => (
              <fieldset className="keywords" {...attributes}>
                {chosen.keywords.map((keyword) => (
                  <label key={keyword.kid} className="check">
                    <input
                      type="checkbox"
                      checked={kids.includes(keyword.kid)}
                      onChange={() => toggle(keyword.kid)}
                    />
                    {keyword.name} <span className="muted">{keyword.example}</span>
                  </label>
                ))}
              </fieldset>
            )}
          </Field>
          <Field
            label={t('mpTemplates.sceneDesc')}
            hint={t('mpTemplates.sceneHint')}
            error={fieldError(add.error, 'sceneDesc')}
          >
            {(attributes) => (
              <input
                {...attributes}
                value={sceneDesc}
                onChange={(event) => setSceneDesc(event.target.value)}
              />
            )}
          </Field>
          <FormError error={add.error} fields={['kidList', 'sceneDesc']} />
          <button type="submit" className="primary" disabled={add.busy}>
            {t('mpTemplates.add')}
          </button>
        </form>
      )}
    </section>
  );
}
