import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MiniProgramTarget } from '../container/target';
import { type RecentMiniProgram, recentMiniPrograms } from './recent';

/** WeChat's scene for the "recently used" list of the mini program entry. */
const RECENT_SCENE = 1001;

/** 最近使用: the mini programs opened on this device, newest first. */
export function RecentMiniPrograms(props: { userId: string; onOpen(target: MiniProgramTarget): void }) {
  const { t } = useTranslation();
  const [recent, setRecent] = useState<RecentMiniProgram[]>(() => recentMiniPrograms(props.userId));
  const { userId, onOpen } = props;

  useEffect(() => {
    const changed = () => setRecent(recentMiniPrograms(userId));
    window.addEventListener('wharf-recent', changed);
    return () => window.removeEventListener('wharf-recent', changed);
  }, [userId]);

  if (recent.length === 0) return null;
  return (
    <section className="discover mini-programs">
      <h2>{t('discover.recent')}</h2>
      <ul className="recent-list">
        {recent.map((item) => (
          <li key={item.appid}>
            <button
              type="button"
              data-appid={item.appid}
              onClick={() => onOpen({ appid: item.appid, pagepath: '', scene: RECENT_SCENE })}
            >
              <span className="avatar" aria-hidden="true">
                {item.name.slice(0, 1)}
              </span>
              {item.name}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
