import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BroadcastPanel } from './BroadcastPanel';
import { ConditionalMenus } from './ConditionalMenus';
import { DeliveryLog } from './DeliveryLog';
import { FollowersPanel } from './FollowersPanel';
import { LinkedMiniPrograms } from './LinkedMiniPrograms';
import { MenuEditor } from './MenuEditor';
import { useOfficialAccount } from './OfficialAccountsPage';
import { ServerConfig } from './ServerConfig';
import { TemplatesPanel } from './TemplatesPanel';
import type { OfficialAccount } from './types';

const TABS: Record<string, (account: OfficialAccount) => ReactNode> = {
  config: (account) => <ServerConfig appid={account.appid} />,
  links: (account) => <LinkedMiniPrograms account={account} />,
  menu: (account) => <MenuEditor account={account} />,
  log: (account) => <DeliveryLog appid={account.appid} />,
  followers: (account) => <FollowersPanel account={account} />,
  conditional: (account) => <ConditionalMenus account={account} />,
  templates: (account) => <TemplatesPanel account={account} />,
  broadcast: (account) => <BroadcastPanel account={account} />,
};

/** Tabs added after the first four; their labels live with their pages' keys. */
const LATER_TABS = { followers: 1, conditional: 1, templates: 1, broadcast: 1 };

/** One official account, a tab per concern: its server, linked mini programs, menu, push log… */
export function OfficialAccountPage(props: { id: string; tab?: string }) {
  const { t } = useTranslation();
  const account = useOfficialAccount(props.id);
  const tab = props.tab && props.tab in TABS ? props.tab : 'config';
  if (!account) return <section className="page" aria-busy="true" />;
  return (
    <section className="page official-account" data-appid={account.appid}>
      <h1>{account.name}</h1>
      <p className="muted">
        {t(`oa.types.${account.type}`)} · AppID <code>{account.appid}</code> · {t('oa.originalId')}{' '}
        <code>{account.originalId}</code>
      </p>
      <nav className="tabs" aria-label={account.name}>
        {Object.keys(TABS).map((key) => (
          <a
            key={key}
            href={`#/official-accounts/${account.id}/${key}`}
            className={key === tab ? 'tab current' : 'tab'}
            aria-current={key === tab ? 'page' : undefined}
          >
            {t(key in LATER_TABS ? `oaPages.tabs.${key}` : `oa.tabs.${key}`)}
          </a>
        ))}
      </nav>
      {TABS[tab]!(account)}
    </section>
  );
}
