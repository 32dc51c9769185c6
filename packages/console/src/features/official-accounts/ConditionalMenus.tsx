import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { FormError, useSubmit } from '../../lib/forms';
import { useTags } from './FollowersPanel';
import { MenuEditor } from './MenuEditor';
import type { MenuButton, OfficialAccount } from './types';

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
      .map(([key, value]) =>
        key === 'tag_id'
          ? t('oaPages.conditional.forTag', {
              name: tags.find((tag) => String(tag.id) === String(value))?.name ?? value,
            })
          : `${key}=${String(value)}`,
      )
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
      <MenuEditor account={account} conditional={{ tags, onAdded: () => void load() }} />
    </>
  );
}
