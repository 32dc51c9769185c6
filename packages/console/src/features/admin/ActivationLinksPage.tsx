import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type paths } from '../../lib/api';

type Link =
  paths['/api/v1/admin/activation-links']['get']['responses'][200]['content']['application/json'][number];

/** 激活链接: the links mailed to new accounts, readable here when no mail server sends them. */
export function ActivationLinksPage() {
  const { t } = useTranslation();
  const [links, setLinks] = useState<Link[]>([]);
  useEffect(() => {
    void api.GET('/api/v1/admin/activation-links').then(({ data }) => setLinks(data ?? []));
  }, []);
  return (
    <section className="page">
      <h1>{t('admin.activation.title')}</h1>
      <p className="muted">{t('admin.activation.hint')}</p>
      <div className="card table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t('auth.email')}</th>
              <th>{t('admin.activation.link')}</th>
              <th>{t('admin.activation.sent')}</th>
              <th>{t('admin.activation.state')}</th>
            </tr>
          </thead>
          <tbody>
            {links.map((link) => (
              <tr key={`${link.email}-${link.createdAt}`} className="activation-row" data-email={link.email}>
                <td>{link.email}</td>
                <td>{link.link ? <a href={link.link}>{link.link}</a> : t('admin.activation.mailed')}</td>
                <td>{new Date(link.createdAt).toLocaleString()}</td>
                <td>
                  {link.activated
                    ? t('admin.activation.activated')
                    : link.expired
                      ? t('admin.activation.expired')
                      : t('admin.activation.waiting')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
