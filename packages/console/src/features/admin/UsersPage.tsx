import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { api, type paths } from '../../lib/api';
import { FormError, useSubmit } from '../../lib/forms';

type Account = paths['/api/v1/admin/users']['get']['responses'][200]['content']['application/json'][number];
const ROLES = ['developer', 'reviewer', 'admin'] as const;

/** 用户与角色: accounts (newest first, searchable by email) and their role. */
export function UsersPage() {
  const { t } = useTranslation();
  const { user: me } = useSession();
  const [users, setUsers] = useState<Account[]>([]);
  const [q, setQ] = useState('');
  const { busy, error, run } = useSubmit();
  const load = useCallback(async (query: string) => {
    const { data } = await api.GET('/api/v1/admin/users', { params: { query: query ? { q: query } : {} } });
    setUsers(data ?? []);
  }, []);
  useEffect(() => {
    const timer = setTimeout(() => void load(q), 250);
    return () => clearTimeout(timer);
  }, [q, load]);
  const setRole = (id: string, role: (typeof ROLES)[number]) =>
    run(async () => {
      const answer = await api.PUT('/api/v1/admin/users/{id}/role', {
        params: { path: { id } },
        body: { role },
      });
      if (answer.data) await load(q);
      return answer;
    });
  return (
    <section className="page">
      <h1>{t('admin.users.title')}</h1>
      <label className="filter">
        {t('admin.users.search')} <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      <FormError error={error} />
      <div className="card table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t('auth.email')}</th>
              <th>{t('admin.users.name')}</th>
              <th>{t('admin.users.activated')}</th>
              <th>{t('admin.users.role')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id} data-email={user.email}>
                <td>{user.email}</td>
                <td>{user.displayName}</td>
                <td>{user.activated ? t('common.yes') : t('common.no')}</td>
                <td>
                  <select
                    aria-label={t('admin.users.roleOf', { email: user.email })}
                    value={user.role}
                    disabled={busy || user.id === me.id}
                    onChange={(e) => void setRole(user.id, e.target.value as (typeof ROLES)[number])}
                  >
                    {ROLES.map((role) => (
                      <option key={role} value={role}>
                        {t(`roles.${role}`)}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
