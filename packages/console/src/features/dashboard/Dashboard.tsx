import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { api, type MiniProgram, type Subject } from '../../lib/api';

/** 首页: the account's subjects (verified or waiting) and its mini programs. */
export function Dashboard() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [subjects, setSubjects] = useState<Subject[] | undefined>();
  const [apps, setApps] = useState<MiniProgram[] | undefined>();

  useEffect(() => {
    void api.GET('/api/v1/subjects').then(({ data }) => setSubjects(data ?? []));
    void api.GET('/api/v1/miniprograms').then(({ data }) => setApps(data ?? []));
  }, []);

  const verified = subjects?.some((subject) => subject.status === 'verified');
  return (
    <section className="page dashboard">
      <h1>{t('dashboard.title', { name: user.displayName })}</h1>
      <div className="card">
        <h2>{t('dashboard.subjects')}</h2>
        {subjects?.length === 0 && <p>{t('dashboard.noSubject')}</p>}
        <ul className="rows">
          {subjects?.map((subject) => (
            <li key={subject.id} className="row subject-row" data-status={subject.status}>
              <span>{subject.name}</span>
              <span className="muted">
                {t(`subjectTypes.${subject.type}`, { defaultValue: subject.type })}
              </span>
              <span className={`status status-${subject.status}`}>
                {t(`subjectStatus.${subject.status}`)}
              </span>
              {subject.reason && <span className="muted">{subject.reason}</span>}
            </li>
          ))}
        </ul>
        <a className="button" href="#/verify">
          {t('dashboard.verify')}
        </a>
      </div>
      <div className="card">
        <h2>{t('dashboard.apps')}</h2>
        {apps?.length === 0 && <p>{t('dashboard.noApps')}</p>}
        <ul className="rows">
          {apps?.map((app) => (
            <li key={app.id} className="row app-row" data-appid={app.appid}>
              {app.icon && <img className="app-icon" src={app.icon} alt="" width={32} height={32} />}
              <a href={`#/apps/${app.id}/develop`}>{app.name ?? t('dashboard.unnamed')}</a>
              <code>{app.appid}</code>
              <span className={`status status-${app.status}`}>
                {t(`appStatus.${app.status}`, { defaultValue: app.status })}
              </span>
            </li>
          ))}
        </ul>
        {verified ? (
          <a className="button primary" href="#/create">
            {t('dashboard.create')}
          </a>
        ) : (
          <p className="muted">{t('dashboard.verifyFirst')}</p>
        )}
      </div>
    </section>
  );
}
