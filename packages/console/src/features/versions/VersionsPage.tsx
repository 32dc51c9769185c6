import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type MiniProgram } from '../../lib/api';
import { FormError, useSubmit } from '../../lib/forms';
import { useMiniProgram } from '../miniprograms/useMiniProgram';
import { AuditCard } from './AuditCard';
import { DevelopmentCard } from './DevelopmentCard';
import { OnlineCard } from './OnlineCard';
import { ServiceStatusCard } from './ServiceStatusCard';
import { TrialCard } from './TrialCard';
import type { Overview } from './types';

/** What every card gets: the app, the overview it acts on, and a way to act and reload. */
export interface SlotProps {
  app: MiniProgram;
  overview: Overview;
  /** Runs a write; on success reloads the overview. The server's error stays shown on the card. */
  act: ReturnType<typeof useSubmit>;
  reload(): Promise<void>;
}

/**
 * 版本管理: the three slots WeChat shows (online, trial, development) plus the audit in
 * between. Every write carries the overview's revision, so a second tab that acts on a state
 * it no longer sees is refused (409 code_conflict) and told to reload, never overwrites.
 */
export function VersionsPage(props: { id: string }) {
  const { t } = useTranslation();
  const { app } = useMiniProgram(props.id);
  const [overview, setOverview] = useState<Overview | undefined>();
  const act = useSubmit();

  const reload = useCallback(async () => {
    if (!app) return;
    const { data } = await api.GET('/api/v1/code/{appid}/overview', {
      params: { path: { appid: app.appid } },
    });
    if (data) setOverview(data);
  }, [app]);
  useEffect(() => {
    void reload();
  }, [reload]);

  if (!app || !overview) return <section className="page">{t('versions.loading')}</section>;
  const slot: SlotProps = { app, overview, act, reload };
  return (
    <section className="page versions" data-revision={overview.revision}>
      <h1>{t('versions.title')}</h1>
      <FormError error={act.error} />
      {act.error?.code === 'code_conflict' && (
        <button type="button" onClick={() => void reload().then(() => act.setError(undefined))}>
          {t('versions.reload')}
        </button>
      )}
      <OnlineCard {...slot} />
      <AuditCard {...slot} />
      <TrialCard {...slot} />
      <DevelopmentCard {...slot} />
      <ServiceStatusCard app={app} />
    </section>
  );
}

export function formatTime(ms: number | null | undefined, language: string): string {
  if (!ms) return '—';
  return new Date(ms).toLocaleString(language === 'zh-CN' ? 'zh-CN' : 'en-GB', { hour12: false });
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}
