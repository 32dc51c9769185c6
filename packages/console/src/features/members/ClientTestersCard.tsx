import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { Field, FormError, fieldError, useSubmit } from '../../lib/forms';
import { AddForm, RowAction } from './ListForms';

type ClientTester = { userstr: string; username: string; nickname: string; createdAt: number };

/** 体验成员（客户端用户）: client users named by their 微信号 open the trial version at once. */
export function ClientTestersCard(props: { id: string }) {
  const { t } = useTranslation();
  const [testers, setTesters] = useState<ClientTester[]>([]);
  const [username, setUsername] = useState('');
  const add = useSubmit();
  const act = useSubmit();
  const path = { params: { path: { id: props.id } } };

  // biome-ignore lint/correctness/useExhaustiveDependencies: path is rebuilt from props.id
  const load = useCallback(async () => {
    const { data } = await api.GET('/api/v1/miniprograms/{id}/client-testers', path);
    setTesters(data ?? []);
  }, [props.id]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <AddForm
      className="card client-testers"
      submit={add}
      call={() => api.POST('/api/v1/miniprograms/{id}/client-testers', { ...path, body: { username } })}
      onAdded={() => {
        setUsername('');
        void load();
      }}
      fields={['username']}
      button={t('clientTesters.add')}
    >
      <h2>{t('clientTesters.title')}</h2>
      <p className="hint">{t('clientTesters.hint')}</p>
      <FormError error={act.error} />
      <ul className="rows">
        {testers.map((tester) => (
          <li key={tester.userstr} className="row client-tester-row">
            <span>{tester.nickname}</span>
            <span className="muted">{tester.username}</span>
            <RowAction
              submit={act}
              className="danger"
              label={t('members.remove')}
              call={() =>
                api.DELETE('/api/v1/miniprograms/{id}/client-testers/{userstr}', {
                  params: { path: { id: props.id, userstr: tester.userstr } },
                })
              }
              onDone={() => void load()}
            />
          </li>
        ))}
      </ul>
      {testers.length === 0 && <p className="muted">{t('clientTesters.none')}</p>}
      <Field label={t('clientTesters.username')} error={fieldError(add.error, 'username')}>
        {(a) => (
          <input
            {...a}
            name="clientTester"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
          />
        )}
      </Field>
    </AddForm>
  );
}
