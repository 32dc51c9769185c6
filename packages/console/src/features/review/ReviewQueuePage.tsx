import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import type { DecidedEntry, QueueEntry } from '../versions/types';
import { formatTime } from '../versions/VersionsPage';

/** 审核队列: audits awaiting a decision, oldest first. */
export function ReviewQueuePage() {
  const { t, i18n } = useTranslation();
  const [queue, setQueue] = useState<QueueEntry[] | undefined>();
  useEffect(() => {
    void api.GET('/api/v1/review/audits').then(({ data }) => setQueue(data ?? []));
  }, []);
  return (
    <section className="page review-queue">
      <h1>{t('review.queue')}</h1>
      {queue?.length === 0 && <p className="muted">{t('review.empty')}</p>}
      {queue && queue.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('review.submittedAt')}</th>
                <th>{t('review.app')}</th>
                <th>{t('review.subjectType')}</th>
                <th>{t('review.categories')}</th>
                <th>{t('review.pages')}</th>
                <th>{t('review.status')}</th>
              </tr>
            </thead>
            <tbody>
              {queue.map((entry) => (
                <tr key={entry.auditid} className="queue-row" data-appid={entry.appid}>
                  <td>{formatTime(entry.submittedAt, i18n.language)}</td>
                  <td>
                    <a href={`#/review/audits/${entry.auditid}`}>
                      {entry.appName ?? entry.appid} {entry.userVersion}
                    </a>
                  </td>
                  <td>{t(`subjectTypes.${entry.subjectType}`, { defaultValue: entry.subjectType })}</td>
                  <td>{entry.categories.join('、')}</td>
                  <td>
                    {entry.pages.map((page) => (
                      <code key={page}>{page} </code>
                    ))}
                  </td>
                  <td>{t(`versions.auditStatusName.${entry.statusName}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** 审核记录: decisions made, newest first. */
export function ReviewHistoryPage() {
  const { t, i18n } = useTranslation();
  const [history, setHistory] = useState<DecidedEntry[] | undefined>();
  useEffect(() => {
    void api.GET('/api/v1/review/history').then(({ data }) => setHistory(data ?? []));
  }, []);
  return (
    <section className="page review-history">
      <h1>{t('review.history')}</h1>
      {history?.length === 0 && <p className="muted">{t('review.noHistory')}</p>}
      <ul className="rows">
        {history?.map((entry) => (
          <li key={entry.auditid} className="row history-row" data-status={entry.statusName}>
            <span>{formatTime(entry.decidedAt, i18n.language)}</span>
            <span>
              {entry.appName ?? entry.appid} {entry.userVersion}
            </span>
            <span className={`status status-${entry.statusName}`}>
              {t(`versions.auditStatusName.${entry.statusName}`)}
            </span>
            <span className="muted">{entry.reviewer}</span>
            {entry.reason && <span className="muted">{entry.reason.replaceAll('<br>', ' ')}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
