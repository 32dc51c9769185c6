import { useTranslation } from 'react-i18next';
import type { ConversationEntry, Following } from '../../lib/api';
import { usePreview } from '../official-account/MessageBubble';

export interface ConversationRow {
  account: Following;
  latest: ConversationEntry | undefined;
  unread: number;
}

/** Followed official accounts, the one with the newest message first, with unread counts. */
export function ConversationList(props: { rows: ConversationRow[]; onOpen(appid: string): void }) {
  const { t, i18n } = useTranslation();
  const preview = usePreview();
  const rows = [...props.rows].sort(
    (a, b) => (b.latest?.at ?? b.account.subscribedAt) - (a.latest?.at ?? a.account.subscribedAt),
  );
  if (rows.length === 0) return <p className="empty">{t('chats.empty')}</p>;
  const time = new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit' });
  return (
    <ul className="conversation-list">
      {rows.map(({ account, latest, unread }) => (
        <li key={account.appid}>
          <button
            type="button"
            className="conversation-row"
            data-appid={account.appid}
            onClick={() => props.onOpen(account.appid)}
          >
            <span className="avatar" aria-hidden="true">
              {account.name.slice(0, 1)}
              {unread > 0 && <span className="badge">{unread > 99 ? '99+' : unread}</span>}
            </span>
            <span className="conversation-text">
              <span className="conversation-name">{account.name}</span>
              <span className="conversation-preview">{preview(latest)}</span>
            </span>
            {latest && <time className="conversation-time">{time.format(latest.at)}</time>}
          </button>
        </li>
      ))}
    </ul>
  );
}
