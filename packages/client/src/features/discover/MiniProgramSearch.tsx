import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorOf, type MiniProgramFound } from '../../lib/api';
import type { MiniProgramTarget } from '../container/target';
import { type RecentMiniProgram, recentMiniPrograms } from './recent';

/** WeChat's scenes: 1001 the "recently used" list, 1006 the search in the mini program entry. */
const RECENT_SCENE = 1001;
const SEARCH_SCENE = 1006;

/** Mini programs in 发现: the recently used ones and a search of released mini programs by name. */
export function MiniProgramSearch(props: { userId: string; onOpen(target: MiniProgramTarget): void }) {
  const { t, i18n } = useTranslation();
  const [recent, setRecent] = useState<RecentMiniProgram[]>(() => recentMiniPrograms(props.userId));
  const [q, setQ] = useState('');
  const [results, setResults] = useState<MiniProgramFound[] | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const { userId, onOpen } = props;

  useEffect(() => {
    const changed = () => setRecent(recentMiniPrograms(userId));
    window.addEventListener('wharf-recent', changed);
    return () => window.removeEventListener('wharf-recent', changed);
  }, [userId]);

  async function search(event: FormEvent) {
    event.preventDefault();
    const { data, error } = await api.GET('/api/v1/client/miniprograms', { params: { query: { q } } });
    const problem = error ? errorOf(error) : undefined;
    setFailure(
      problem && (i18n.language === 'zh-CN' && problem.messageZh ? problem.messageZh : problem.message),
    );
    setResults(data ?? []);
  }

  const open = (appid: string, scene: number) => onOpen({ appid, pagepath: '', scene });

  return (
    <section className="discover mini-programs">
      {recent.length > 0 && (
        <>
          <h2>{t('discover.recent')}</h2>
          <ul className="recent-list">
            {recent.map((item) => (
              <li key={item.appid}>
                <button type="button" data-appid={item.appid} onClick={() => open(item.appid, RECENT_SCENE)}>
                  <span className="avatar" aria-hidden="true">
                    {item.name.slice(0, 1)}
                  </span>
                  {item.name}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <form className="search" onSubmit={search}>
        <input
          value={q}
          onChange={(event) => setQ(event.target.value)}
          placeholder={t('discover.miniProgramPlaceholder')}
          aria-label={t('discover.miniProgramTitle')}
        />
        <button type="submit">{t('discover.search')}</button>
      </form>
      {failure && (
        <p className="form-error" role="alert">
          {failure}
        </p>
      )}
      {results?.length === 0 && <p className="empty">{t('discover.noMiniPrograms')}</p>}
      <ul className="account-list">
        {results?.map((found) => (
          <li key={found.appid} className="account-row mini-program-row" data-appid={found.appid}>
            <span className="avatar" aria-hidden="true">
              {found.name.slice(0, 1)}
            </span>
            <span className="account-text">
              <strong>{found.name}</strong>
              <small>{found.intro || t('conversation.miniProgram')}</small>
            </span>
            <button type="button" className="primary" onClick={() => open(found.appid, SEARCH_SCENE)}>
              {t('discover.open')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
