import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AccountFound, api, errorOf, type MiniProgramFound } from '../../lib/api';
import type { MiniProgramTarget } from '../container/target';

/** WeChat's scene for a mini program found by search in the mini program entry. */
const SEARCH_SCENE = 1006;

/**
 * One search for official accounts and released mini programs by name: follow, unfollow or open
 * an account; open a mini program (1006).
 */
export function DiscoverScreen(props: {
  following: ReadonlySet<string>;
  onChanged(): Promise<void>;
  onOpen(appid: string): void;
  onOpenMiniProgram(target: MiniProgramTarget): void;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<AccountFound[] | undefined>();
  const [miniPrograms, setMiniPrograms] = useState<MiniProgramFound[]>([]);
  const [failure, setFailure] = useState<string | undefined>();

  async function search(event: FormEvent) {
    event.preventDefault();
    const query = { params: { query: { q } } };
    const [accounts, apps] = await Promise.all([
      api.GET('/api/v1/client/official-accounts', query),
      api.GET('/api/v1/client/miniprograms', query),
    ]);
    const error = accounts.error ?? apps.error;
    setFailure(error ? errorOf(error).message : undefined);
    setResults(accounts.data ?? []);
    setMiniPrograms(apps.data ?? []);
  }

  async function toggle(appid: string) {
    const params = { params: { path: { appid } } };
    const { error } = props.following.has(appid)
      ? await api.DELETE('/api/v1/client/official-accounts/{appid}/follow', params)
      : await api.POST('/api/v1/client/official-accounts/{appid}/follow', params);
    setFailure(error ? errorOf(error).message : undefined);
    await props.onChanged();
  }

  return (
    <section className="discover">
      <form className="search" onSubmit={search}>
        <input
          value={q}
          onChange={(event) => setQ(event.target.value)}
          placeholder={t('discover.placeholder')}
          aria-label={t('discover.title')}
        />
        <button type="submit">{t('discover.search')}</button>
      </form>
      {failure && (
        <p className="form-error" role="alert">
          {failure}
        </p>
      )}
      {results?.length === 0 && miniPrograms.length === 0 && (
        <p className="empty">{t('discover.noResults')}</p>
      )}
      {miniPrograms.length > 0 && (
        <ul className="account-list">
          {miniPrograms.map((found) => (
            <li key={found.appid} className="account-row mini-program-row" data-appid={found.appid}>
              <span className="avatar" aria-hidden="true">
                {found.name.slice(0, 1)}
              </span>
              <span className="account-text">
                <strong>{found.name}</strong>
                <small>
                  {t('conversation.miniProgram')}
                  {found.intro ? ` · ${found.intro}` : ''}
                </small>
              </span>
              <button
                type="button"
                className="primary"
                onClick={() =>
                  props.onOpenMiniProgram({ appid: found.appid, pagepath: '', scene: SEARCH_SCENE })
                }
              >
                {t('discover.open')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <ul className="account-list">
        {results?.map((account) => {
          const followed = props.following.has(account.appid);
          return (
            <li key={account.appid} className="account-row" data-appid={account.appid}>
              <span className="avatar" aria-hidden="true">
                {account.name.slice(0, 1)}
              </span>
              <span className="account-text">
                <strong>{account.name}</strong>
                <small>
                  {t(`discover.${account.type}`)}
                  {account.intro ? ` · ${account.intro}` : ''}
                </small>
              </span>
              {followed && (
                <button type="button" onClick={() => props.onOpen(account.appid)}>
                  {t('discover.open')}
                </button>
              )}
              <button
                type="button"
                className={followed ? '' : 'primary'}
                onClick={() => void toggle(account.appid)}
              >
                {followed ? t('discover.unfollow') : t('discover.follow')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
