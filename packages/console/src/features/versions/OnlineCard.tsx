import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { GrayControls } from './GrayControls';
import { formatTime, type SlotProps } from './VersionsPage';

/** 线上版本: the release, a running phased release, rollback and the release history. */
export function OnlineCard(props: SlotProps) {
  const { t, i18n } = useTranslation();
  const { app, overview, act, reload } = props;
  const released = overview.versions.find((v) => v.id === overview.releasedVersionId);
  const plan = overview.grayPlan;
  const phased = plan.status === 1 ? overview.versions.find((v) => v.id === plan.versionId) : undefined;
  const path = { params: { path: { appid: app.appid } } };
  const revision = overview.revision;

  const revert = () =>
    act
      .run(() => api.POST('/api/v1/code/{appid}/revert', { ...path, body: { revision } }))
      .then((ok) => {
        if (ok) void reload();
      });

  return (
    <div className="card slot-online">
      <h2>{t('versions.online')}</h2>
      {released ? (
        <dl className="facts">
          <dt>{t('versions.version')}</dt>
          <dd className="online-version">{released.userVersion}</dd>
          <dt>{t('versions.description')}</dt>
          <dd>{released.userDesc || '—'}</dd>
          <dt>{t('versions.releasedAt')}</dt>
          <dd>{formatTime(overview.releases.find((r) => r.current)?.at, i18n.language)}</dd>
        </dl>
      ) : (
        <p className="muted">{t('versions.noRelease')}</p>
      )}
      {phased && (
        <div className="gray-running" role="status">
          <p>
            {t('versions.grayRunning', { version: phased.userVersion, percentage: plan.grayPercentage })}
            {plan.supportDebugerFirst && ` · ${t('versions.debugerFirst')}`}
            {plan.supportExperiencerFirst && ` · ${t('versions.experiencerFirst')}`}
          </p>
          <GrayControls {...props} current={plan.grayPercentage} />
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={act.busy}
              onClick={() =>
                void act
                  .run(() => api.POST('/api/v1/code/{appid}/release', { ...path, body: { revision } }))
                  .then((ok) => {
                    if (ok) void reload();
                  })
              }
            >
              {t('versions.grayComplete')}
            </button>
            <button
              type="button"
              className="danger"
              disabled={act.busy}
              onClick={() =>
                void act
                  .run(() =>
                    api.POST('/api/v1/code/{appid}/gray-release/revert', { ...path, body: { revision } }),
                  )
                  .then((ok) => {
                    if (ok) void reload();
                  })
              }
            >
              {t('versions.grayRevert')}
            </button>
          </div>
        </div>
      )}
      {overview.canRevert && (
        <div className="actions">
          <button type="button" disabled={act.busy} onClick={() => void revert()}>
            {t('versions.revert')}
          </button>
          <span className="hint">{t('versions.revertHint')}</span>
        </div>
      )}
      {(overview.releases.length > 0 || overview.grayPlans.length > 0) && (
        <details className="history">
          <summary>{t('versions.history')}</summary>
          <ul className="rows">
            {overview.releases.map((entry) => (
              <li key={`${entry.kind}-${entry.at}`} className="row">
                <span>{t(`versions.kind.${entry.kind}`)}</span>
                <span>{entry.userVersion}</span>
                <span className="muted">{formatTime(entry.at, i18n.language)}</span>
                {entry.current && <span className="status status-released">{t('versions.current')}</span>}
              </li>
            ))}
            {overview.grayPlans.map((entry) => (
              <li key={`gray-${entry.createdAt}`} className="row">
                <span>{t('versions.kind.gray')}</span>
                <span>{entry.userVersion}</span>
                <span>{entry.grayPercentage}%</span>
                <span className="muted">{t(`versions.grayStatus.${entry.statusName}`)}</span>
                <span className="muted">{formatTime(entry.createdAt, i18n.language)}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
