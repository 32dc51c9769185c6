import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorOf, type Menu, type MenuButton } from '../../lib/api';
import { askLaunchAhead, askMenuLaunchesAhead } from '../container/launch-answers';
import type { MiniProgramTarget } from '../container/target';

/**
 * The account's custom menu at the bottom: up to three buttons, each a button or a sub-menu of
 * up to five. Every tap goes to the server, which records the event for the account's server
 * and answers what the client does (open a URL, a mini program page with 1035, or nothing).
 */
export function MenuBar(props: {
  appid: string;
  menu: Menu;
  onOpen(target: MiniProgramTarget): void;
  onNotice(text: string): void;
  onStale(): void;
}) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState<number | undefined>();
  const { appid, menu } = props;

  // Shown: the mini programs its buttons open are asked for now, so a tap starts at their files.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per menu version, not per render
  useEffect(() => askMenuLaunchesAhead(menu), [menu.menuid]);

  async function tap(button: MenuButton, index: number, subIndex?: number) {
    setOpen(undefined);
    if (button.type === 'miniprogram' && button.appid && button.pagepath !== undefined) {
      askLaunchAhead(button.appid, button.pagepath);
    }
    const { data, error } = await api.POST('/api/v1/client/official-accounts/{appid}/menu/click', {
      params: { path: { appid } },
      body: { menuid: menu.menuid, index, ...(subIndex === undefined ? {} : { subIndex }) },
    });
    if (!data) {
      const failure = errorOf(error);
      if (failure.code === 'menu_stale') {
        props.onNotice(t('conversation.menuStale'));
        props.onStale();
      } else
        props.onNotice(i18n.language === 'zh-CN' && failure.messageZh ? failure.messageZh : failure.message);
      return;
    }
    if (data.action === 'open_url') {
      window.open(data.url, '_blank', 'noopener,noreferrer');
      props.onNotice(t('conversation.openedUrl', { url: data.url }));
    } else if (data.action === 'open_miniprogram') {
      props.onOpen({ appid: data.appid, pagepath: data.pagepath, scene: data.scene, fallbackUrl: data.url });
    } else {
      props.onNotice(t('conversation.clicked', { name: button.name ?? '' }));
    }
  }

  return (
    <nav className="menu-bar" aria-label="menu">
      {menu.button.map((button, index) => {
        const subs = button.sub_button ?? [];
        const key = `${menu.menuid}-${index}`;
        return (
          <div className="menu-item" key={key}>
            <button
              type="button"
              className="menu-button"
              aria-expanded={subs.length > 0 ? open === index : undefined}
              onClick={() =>
                subs.length > 0 ? setOpen(open === index ? undefined : index) : void tap(button, index)
              }
            >
              {subs.length > 0 && <span className="menu-lines">≡ </span>}
              {button.name}
            </button>
            {open === index && subs.length > 0 && (
              <ul className="sub-menu">
                {subs.map((sub, subIndex) => (
                  <li key={`${key}-${subIndex.toString()}`}>
                    <button type="button" onClick={() => void tap(sub, index, subIndex)}>
                      {sub.name}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        );
      })}
    </nav>
  );
}
