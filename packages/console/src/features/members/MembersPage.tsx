import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { Field, FormError, fieldError, useSubmit } from '../../lib/forms';
import { ClientTestersCard } from './ClientTestersCard';
import { AddForm, RowAction } from './ListForms';

type Role = 'developer' | 'tester';
type Member = { userId: string; email: string; displayName: string; role: string };
type Invitation = { id: string; invitee: string; role: string; createdAt: number };

/** 成员管理: the administrator invites developers and testers; they join by accepting. */
export function MembersPage(props: { id: string }) {
  const { t } = useTranslation();
  const [members, setMembers] = useState<Member[]>([]);
  const [pending, setPending] = useState<Invitation[]>([]);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('developer');
  const invite = useSubmit();
  const act = useSubmit();
  const path = { params: { path: { id: props.id } } };

  // biome-ignore lint/correctness/useExhaustiveDependencies: path is rebuilt from props.id
  const load = useCallback(async () => {
    const [m, i] = await Promise.all([
      api.GET('/api/v1/miniprograms/{id}/members', path),
      api.GET('/api/v1/miniprograms/{id}/invitations', path),
    ]);
    setMembers(m.data ?? []);
    setPending(i.data ?? []);
  }, [props.id]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="page members">
      <h1>{t('members.title')}</h1>
      <div className="card">
        <h2>{t('members.list')}</h2>
        <FormError error={act.error} />
        <ul className="rows">
          {members.map((m) => (
            <li key={`${m.userId}-${m.role}`} className="row member-row" data-role={m.role}>
              <span>{m.displayName}</span>
              <span className="muted">{m.email}</span>
              <span className="status">{t(`members.roles.${m.role}`)}</span>
              <RowAction
                submit={act}
                className="danger"
                label={t('members.remove')}
                call={() =>
                  api.DELETE('/api/v1/miniprograms/{id}/members/{userId}/{role}', {
                    params: { path: { id: props.id, userId: m.userId, role: m.role as Role } },
                  })
                }
                onDone={() => void load()}
              />
            </li>
          ))}
          {pending.map((p) => (
            <li key={p.id} className="row invitation-row">
              <span>{p.invitee}</span>
              <span className="status">{t(`members.roles.${p.role}`)}</span>
              <span className="muted">{t('members.pending')}</span>
              <RowAction
                submit={act}
                className="link"
                label={t('members.cancel')}
                call={() =>
                  api.DELETE('/api/v1/miniprograms/{id}/invitations/{invitationId}', {
                    params: { path: { id: props.id, invitationId: p.id } },
                  })
                }
                onDone={() => void load()}
              />
            </li>
          ))}
        </ul>
        {members.length === 0 && pending.length === 0 && <p className="muted">{t('members.none')}</p>}
      </div>
      <AddForm
        className="card"
        submit={invite}
        call={() => api.POST('/api/v1/miniprograms/{id}/invitations', { ...path, body: { email, role } })}
        onAdded={() => {
          setEmail('');
          void load();
        }}
        fields={['email']}
        button={t('members.send')}
      >
        <h2>{t('members.invite')}</h2>
        <Field label={t('auth.email')} error={fieldError(invite.error, 'email')}>
          {(a) => (
            <input
              {...a}
              name="email"
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              required
            />
          )}
        </Field>
        <Field label={t('members.role')}>
          {(a) => (
            <select {...a} name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              <option value="developer">{t('members.roles.developer')}</option>
              <option value="tester">{t('members.roles.tester')}</option>
            </select>
          )}
        </Field>
        <p className="hint">{t('members.limits')}</p>
      </AddForm>
      <ClientTestersCard id={props.id} />
    </section>
  );
}

/** 邀请: invitations waiting for this account; accepting makes the member. */
export function InvitationsPage() {
  const { t } = useTranslation();
  const [list, setList] =
    useState<Array<{ id: string; appid: string; appName: string | null; role: string }>>();
  const act = useSubmit();
  const load = useCallback(async () => {
    const { data } = await api.GET('/api/v1/invitations');
    setList(data ?? []);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section className="page invitations">
      <h1>{t('members.invitations')}</h1>
      <FormError error={act.error} />
      {list?.length === 0 && <p className="muted">{t('members.noInvitations')}</p>}
      <ul className="rows">
        {list?.map((inv) => (
          <li key={inv.id} className="row my-invitation">
            <span>{inv.appName ?? inv.appid}</span>
            <span className="status">{t(`members.roles.${inv.role}`)}</span>
            <RowAction
              submit={act}
              className="primary"
              label={t('members.accept')}
              call={() => api.POST('/api/v1/invitations/{id}/accept', { params: { path: { id: inv.id } } })}
              onDone={() => void load()}
            />
            <RowAction
              submit={act}
              label={t('members.decline')}
              call={() => api.POST('/api/v1/invitations/{id}/decline', { params: { path: { id: inv.id } } })}
              onDone={() => void load()}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
