import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { Field, fieldError } from '../../lib/forms';
import type { SlotProps } from './VersionsPage';

/**
 * 分阶段发布: start, or raise, the share of users who get the version that passed audit;
 * members and testers first when asked. The server decides what is allowed (85079–85082).
 */
export function GrayControls(props: SlotProps & { current?: number }) {
  const { t } = useTranslation();
  const { app, overview, act, reload } = props;
  const [percentage, setPercentage] = useState(String(Math.min(100, (props.current ?? 0) + 10)));
  const [debugerFirst, setDebugerFirst] = useState(
    overview.grayPlan.status === 1 && overview.grayPlan.supportDebugerFirst,
  );
  const [experiencerFirst, setExperiencerFirst] = useState(
    overview.grayPlan.status === 1 && overview.grayPlan.supportExperiencerFirst,
  );
  const start = () =>
    act
      .run(() =>
        api.POST('/api/v1/code/{appid}/gray-release', {
          params: { path: { appid: app.appid } },
          body: {
            grayPercentage: Number(percentage),
            supportDebugerFirst: debugerFirst,
            supportExperiencerFirst: experiencerFirst,
            revision: overview.revision,
          },
        }),
      )
      .then((ok) => {
        if (ok) void reload();
      });
  return (
    <form
      className="gray-form"
      onSubmit={(event) => {
        event.preventDefault();
        void start();
      }}
    >
      <Field label={t('versions.grayPercentage')} error={fieldError(act.error, 'gray_percentage')}>
        {(a) => (
          <input
            {...a}
            name="grayPercentage"
            type="number"
            min={0}
            max={100}
            step={1}
            value={percentage}
            onChange={(e) => setPercentage(e.target.value)}
          />
        )}
      </Field>
      <label className="check">
        <input type="checkbox" checked={debugerFirst} onChange={(e) => setDebugerFirst(e.target.checked)} />
        {t('versions.debugerFirst')}
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={experiencerFirst}
          onChange={(e) => setExperiencerFirst(e.target.checked)}
        />
        {t('versions.experiencerFirst')}
      </label>
      <button type="submit" disabled={act.busy}>
        {props.current === undefined ? t('versions.grayStart') : t('versions.grayRaise')}
      </button>
    </form>
  );
}
