import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type MiniProgram } from '../../lib/api';
import { Field, FormError, fieldError, useSubmit } from '../../lib/forms';

/** One list setting of the app (IP allow-list, request domains): one entry a line, saved whole. */
export function ListSettingCard(props: {
  app: MiniProgram;
  field: 'ipAllowlist' | 'requestDomains';
  onSaved(app: MiniProgram): void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(props.app[props.field].join('\n'));
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useSubmit();
  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const entries = text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    await run(async () => {
      const answer = await api.PATCH('/api/v1/miniprograms/{id}', {
        params: { path: { id: props.app.id } },
        body: { [props.field]: entries },
      });
      if (answer.data) {
        props.onSaved(answer.data.app);
        setSaved(true);
      }
      return answer;
    });
  }
  return (
    <form className="card" onSubmit={submit} noValidate>
      <h2>{t(`develop.${props.field}.title`)}</h2>
      <Field
        label={t(`develop.${props.field}.label`)}
        error={fieldError(error, props.field)}
        hint={t(`develop.${props.field}.hint`)}
      >
        {(attributes) => (
          <textarea
            {...attributes}
            name={props.field}
            rows={4}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setSaved(false);
            }}
          />
        )}
      </Field>
      <FormError error={error} fields={[props.field]} />
      <button type="submit" disabled={busy}>
        {t('common.save')}
      </button>{' '}
      {saved && <span role="status">{t('common.saved')}</span>}
    </form>
  );
}
