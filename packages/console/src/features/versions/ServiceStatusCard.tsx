import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { api, type MiniProgram } from '../../lib/api';
import { FormError, useSubmit } from '../../lib/forms';

type State = 'open' | 'closed' | 'banned';

/**
 * 服务状态 (WeChat's 暂停服务设置): whether users can open the mini program, and the owner's
 * pause / resume, confirmed first since every user's launch is refused while paused. An
 * operator's ban shows here too; only lifting it ends that.
 */
export function ServiceStatusCard(props: { app: MiniProgram }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const { app } = props;
  const [state, setState] = useState<State | undefined>();
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useSubmit();
  const path = { params: { path: { appid: app.appid } } };
  const owner = user.id === app.ownerUserId;

  const load = useCallback(async () => {
    const { data } = await api.GET('/api/v1/code/{appid}/visit-status', {
      params: { path: { appid: app.appid } },
    });
    if (data) setState(data.state);
  }, [app.appid]);
  useEffect(() => {
    void load();
  }, [load]);

  const change = (action: 'close' | 'open') =>
    run(async () => {
      const answer = await api.POST('/api/v1/code/{appid}/visit-status', { ...path, body: { action } });
      if (answer.data) {
        setState(answer.data.state);
        setConfirming(false);
      }
      return answer;
    });

  return (
    <div className="card service-status" data-state={state}>
      <h2>{t('serviceStatus.title')}</h2>
      <p className={`service-state ${state === 'open' ? '' : 'warning'}`} role="status">
        {state ? t(`serviceStatus.states.${state}`) : t('serviceStatus.loading')}
      </p>
      {!owner ? (
        <p className="muted">{t('serviceStatus.ownerOnly')}</p>
      ) : state === 'open' && confirming ? (
        <div className="confirm" role="alertdialog" aria-labelledby="service-pause-warning">
          <p id="service-pause-warning" className="warning">
            {t('serviceStatus.pauseWarning')}
          </p>
          <button type="button" className="danger" disabled={busy} onClick={() => void change('close')}>
            {t('serviceStatus.pauseConfirm')}
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            {t('common.cancel')}
          </button>
        </div>
      ) : state === 'open' ? (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          {t('serviceStatus.pause')}
        </button>
      ) : state === 'closed' ? (
        <button type="button" className="primary" disabled={busy} onClick={() => void change('open')}>
          {t('serviceStatus.resume')}
        </button>
      ) : null}
      <FormError error={error} />
    </div>
  );
}
