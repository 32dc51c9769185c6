import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { Field, FormError, fieldError, useSubmit } from '../../lib/forms';
import { useTags } from './FollowersPanel';
import { MenuEditor } from './MenuEditor';
import type { Follower, MenuButton, OfficialAccount } from './types';

interface Conditional {
  menuid: number;
  button: MenuButton[];
  matchrule: Record<string, unknown>;
  createdAt: number;
}

/**
 * 个性化菜单: the account's conditional menus (the newest matching one wins, as WeChat), each
 * deletable, and the menu editor composing a new one for a tag. The service needs a default menu.
 */
export function ConditionalMenus(props: { account: OfficialAccount }) {
  const { t } = useTranslation();
  const { account } = props;
  const { tags } = useTags(account.id);
  const [menus, setMenus] = useState<Conditional[]>([]);
  const [hasDefault, setHasDefault] = useState(true);
  const removing = useSubmit();

  const load = useCallback(async () => {
    const { data } = await api.GET('/api/v1/official-accounts/{id}/menu', {
      params: { path: { id: account.id } },
    });
    setMenus((data?.conditional ?? []) as unknown as Conditional[]);
    setHasDefault(Boolean(data?.menu));
  }, [account.id]);
  useEffect(() => {
    void load();
  }, [load]);

  async function remove(menuid: number) {
    if (
      await removing.run(() =>
        api.DELETE('/api/v1/official-accounts/{id}/menu/conditional/{menuid}', {
          params: { path: { id: account.id, menuid } },
        }),
      )
    )
      await load();
  }

  const ruleText = (rule: Record<string, unknown>) =>
    Object.entries(rule)
      .map(([key, value]) => {
        if (key === 'tag_id')
          return t('oaPages.conditional.forTag', {
            name: tags.find((tag) => String(tag.id) === String(value))?.name ?? value,
          });
        const shown =
          key === 'sex'
            ? t(`oaPages.follower.sexes.${value === '1' ? 'male' : 'female'}`)
            : key === 'client_platform_type'
              ? (({ '1': 'iOS', '2': 'Android' } as Record<string, string>)[String(value)] ??
                t('oaPages.rule.otherPlatform'))
              : String(value);
        return `${t(`oaPages.rule.${key}`, { defaultValue: key })}：${shown}`;
      })
      .join(' · ');

  return (
    <>
      <div className="card conditional-menus">
        <h2>{t('oaPages.conditional.title')}</h2>
        <p className="muted">{t('oaPages.conditional.explain')}</p>
        {!hasDefault && <p className="form-error">{t('oaPages.conditional.needsDefault')}</p>}
        {menus.length === 0 && <p className="muted">{t('oaPages.conditional.none')}</p>}
        <ul>
          {menus.map((menu) => (
            <li key={menu.menuid} className="conditional-row" data-menuid={menu.menuid}>
              <strong>{ruleText(menu.matchrule)}</strong>{' '}
              <span className="muted">{menu.button.map((button) => button.name).join(' | ')}</span>{' '}
              <button type="button" className="link" onClick={() => void remove(menu.menuid)}>
                {t('oaPages.conditional.delete')}
              </button>
            </li>
          ))}
        </ul>
        <FormError error={removing.error} />
      </div>
      <TryMatch account={account} />
      <MenuEditor account={account} conditional={{ tags, onAdded: () => void load() }} />
    </>
  );
}

/** 菜单匹配测试 (menu/trymatch): pick a follower, and a platform, and see which menu they get. */
function TryMatch(props: { account: OfficialAccount }) {
  const { t } = useTranslation();
  const { account } = props;
  const [followers, setFollowers] = useState<Follower[]>([]);
  const [userId, setUserId] = useState('');
  const [platform, setPlatform] = useState('');
  const [seen, setSeen] = useState<{ menuid: number; conditional: boolean; button: MenuButton[] }>();
  const submit = useSubmit();
  useEffect(() => {
    void api
      .GET('/api/v1/official-accounts/{id}/followers', {
        params: { path: { id: account.id }, query: { size: 100 } },
      })
      .then(({ data }) => setFollowers(data?.items ?? []));
  }, [account.id]);

  async function tryMatch(event: React.FormEvent) {
    event.preventDefault();
    setSeen(undefined);
    await submit.run(async () => {
      const result = await api.POST('/api/v1/official-accounts/{id}/menu/trymatch', {
        params: { path: { id: account.id } },
        body: { userId, ...(platform ? { platform: platform as 'ios' | 'android' | 'other' } : {}) },
      });
      if (result.data) setSeen(result.data as typeof seen);
      return result;
    });
  }

  return (
    <form className="card try-match" onSubmit={tryMatch}>
      <h2>{t('oaPages.trymatch.title')}</h2>
      <div className="inline-form">
        <Field label={t('oaPages.trymatch.follower')} error={fieldError(submit.error, 'userId')}>
          {(a) => (
            <select {...a} value={userId} onChange={(e) => setUserId(e.target.value)}>
              <option value="">{t('oaPages.templates.pickFollower')}</option>
              {followers.map((follower) => (
                <option key={follower.openid} value={follower.openid}>
                  {follower.nickname} · {follower.openid}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('oaPages.trymatch.platform')}>
          {(a) => (
            <select {...a} value={platform} onChange={(e) => setPlatform(e.target.value)}>
              <option value="">{t('oaPages.trymatch.anyPlatform')}</option>
              <option value="ios">iOS</option>
              <option value="android">Android</option>
              <option value="other">{t('oaPages.rule.otherPlatform')}</option>
            </select>
          )}
        </Field>
        <button type="submit" disabled={submit.busy || userId === ''}>
          {t('oaPages.trymatch.run')}
        </button>
      </div>
      <FormError error={submit.error} fields={['userId']} />
      {seen && (
        <p
          className="try-match-result"
          role="status"
          data-menuid={seen.menuid}
          data-conditional={seen.conditional}
        >
          {t(seen.conditional ? 'oaPages.trymatch.conditional' : 'oaPages.trymatch.default', {
            menuid: seen.menuid,
          })}{' '}
          <strong className="try-match-buttons">
            {seen.button.map((button) => button.name).join(' | ')}
          </strong>
        </p>
      )}
    </form>
  );
}
