import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { GrayControls } from './GrayControls';
import { formatTime, type SlotProps } from './VersionsPage';

/** 审核版本: the latest audit, the reviewer's reasons per item, withdraw (daily limit shown), release. */
export function AuditCard(props: SlotProps) {
  const { t, i18n } = useTranslation();
  const { app, overview, act, reload } = props;
  const audit = overview.latestAudit;
  const path = { params: { path: { appid: app.appid } } };
  const revision = overview.revision;
  const inFlight = audit && (audit.status === 2 || audit.status === 4);
  const releasable = audit?.status === 0 && audit.releasedAt === null && overview.grayPlan.status !== 1;
  const { withdrawPerDay, withdrawnToday } = overview.quotas;

  return (
    <div className="card slot-audit">
      <h2>{t('versions.audit')}</h2>
      {!audit && <p className="muted">{t('versions.noAudit')}</p>}
      {audit && (
        <>
          <dl className="facts">
            <dt>{t('versions.version')}</dt>
            <dd>{audit.userVersion}</dd>
            <dt>{t('versions.auditStatus')}</dt>
            <dd>
              <span
                className={`status audit-status status-${audit.statusName}`}
                data-status={audit.statusName}
              >
                {t(`versions.auditStatusName.${audit.statusName}`)}
              </span>
            </dd>
            <dt>{t('versions.submittedAt')}</dt>
            <dd>{formatTime(audit.submittedAt, i18n.language)}</dd>
          </dl>
          {audit.status === 1 && (
            <div className="audit-reasons" role="note">
              <h3>{t('versions.reasons')}</h3>
              {audit.reason && <p className="audit-reason">{audit.reason.split('<br>')[0]}</p>}
              {audit.itemReasons.length > 0 && (
                <ul>
                  {audit.itemReasons.map((item) => (
                    <li key={item.address} className="item-reason">
                      <code>{item.address}</code> {item.reason}
                    </li>
                  ))}
                </ul>
              )}
              {audit.hasScreenshot && (
                <img
                  className="audit-screenshot"
                  src={`/api/v1/code/${app.appid}/audits/${audit.auditid}/screenshot`}
                  alt={t('versions.screenshot')}
                />
              )}
            </div>
          )}
          {inFlight && (
            <div className="actions">
              <button
                type="button"
                disabled={act.busy || withdrawnToday >= withdrawPerDay}
                onClick={() =>
                  void act
                    .run(() =>
                      api.POST('/api/v1/code/{appid}/audits/withdraw', { ...path, body: { revision } }),
                    )
                    .then((ok) => {
                      if (ok) void reload();
                    })
                }
              >
                {t('versions.withdraw')}
              </button>
              <span className="hint withdraw-quota">
                {t('versions.withdrawQuota', { used: withdrawnToday, limit: withdrawPerDay })}
              </span>
            </div>
          )}
          {releasable && (
            <div className="release-choice">
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
                  {t('versions.release')}
                </button>
              </div>
              {overview.releasedVersionId && (
                <>
                  <h3>{t('versions.gray')}</h3>
                  <GrayControls {...props} />
                </>
              )}
            </div>
          )}
        </>
      )}
      <p className="hint">
        {t('versions.submitQuota', {
          used: overview.quotas.submittedIn7Days,
          limit: overview.quotas.submitsPer7Days,
        })}
      </p>
    </div>
  );
}
