import { type MiniProgramHandle, mountMiniProgram } from '@wharf/runtime/host';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type EndUser } from '../../lib/api';
import { loginServices } from './login-services';
import { type MiniProgramTarget, splitPagepath } from './target';

type Status = { state: 'loading' } | { state: 'open'; name: string } | { state: 'failed'; reason: string };

/**
 * A phone-like screen running one mini program in the runtime's sandboxed frame, with WeChat's
 * capsule (more / close) at the top right.
 */
export function MiniProgramPanel(props: { target: MiniProgramTarget; user: EndUser; onClose(): void }) {
  const { t } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<Status>({ state: 'loading' });
  const { target, user } = props;

  useEffect(() => {
    let handle: MiniProgramHandle | undefined;
    let cancelled = false;
    const { path, query } = splitPagepath(target.pagepath);
    void (async () => {
      const { data, error } = await api.GET('/api/v1/launch/{appid}', {
        params: {
          path: { appid: target.appid },
          query: { path: target.pagepath, ...(target.version ? { version: target.version } : {}) },
        },
      });
      if (cancelled) return;
      if (!data) {
        const missing = (error as { error?: { code?: string } } | undefined)?.error?.code === 'not_found';
        setStatus({ state: 'failed', reason: missing ? t('miniProgram.notReleased') : t('errors.network') });
        return;
      }
      if (path && !data.pages.includes(path)) {
        setStatus({ state: 'failed', reason: t('miniProgram.pageMissing') });
        return;
      }
      if (!host.current) return;
      const origin = location.origin;
      handle = mountMiniProgram(host.current, {
        appid: data.appid,
        envVersion: target.version ?? 'release',
        packageBase: data.packageBase,
        runtimeBase: `${origin}/runtime/`,
        userId: user.id,
        launch: { path, query, scene: target.scene },
        requestDomains: data.requestDomains,
        system: { language: document.documentElement.lang === 'en' ? 'en' : 'zh_CN' },
        services: {
          log: (entry) => {
            if (entry.level === 'error') console.error(`[${entry.appid}] ${entry.message}`);
          },
          ...loginServices(),
        },
      });
      setStatus({ state: 'open', name: data.name ?? data.appid });
      handle.ready.catch((failure: Error) => {
        if (!cancelled) setStatus({ state: 'failed', reason: failure.message });
      });
    })();
    return () => {
      cancelled = true;
      handle?.destroy();
    };
  }, [target, user, t]);

  return (
    <div className="mp-overlay" role="dialog" aria-label={t('conversation.miniProgram')}>
      <div className="mp-phone" data-appid={target.appid} data-scene={target.scene}>
        <div className="mp-capsule">
          <button type="button" className="mp-capsule-more" aria-label={t('miniProgram.more')}>
            ···
          </button>
          <span className="mp-capsule-divider" />
          <button
            type="button"
            className="mp-capsule-close"
            aria-label={t('miniProgram.close')}
            onClick={props.onClose}
          >
            <span className="mp-capsule-ring" />
          </button>
        </div>
        {status.state === 'loading' && <div className="mp-status">{t('miniProgram.loading')}</div>}
        {status.state === 'failed' && (
          <div className="mp-status mp-failed" role="alert">
            <p>{t('miniProgram.unavailable', { reason: status.reason })}</p>
            {target.fallbackUrl && (
              <a href={target.fallbackUrl} target="_blank" rel="noopener noreferrer">
                {t('miniProgram.fallback')}
              </a>
            )}
          </div>
        )}
        <div ref={host} className="mp-host" hidden={status.state === 'failed'} />
      </div>
    </div>
  );
}
