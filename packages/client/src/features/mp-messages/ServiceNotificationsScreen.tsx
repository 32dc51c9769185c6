import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type paths } from '../../lib/api';
import type { MiniProgramTarget } from '../container/target';
import { isNotification, NOTIFICATIONS_READ_KEY, onInboxItem } from './inbox-events';

type Notification =
  paths['/api/v1/client/service-notifications']['get']['responses'][200]['content']['application/json'][number];

interface NotificationBody {
  appid: string;
  appName: string;
  title: string;
  fields: Array<{ key: string; name: string; value: string; color?: string }>;
  emphasis: string | null;
  page: string;
  envVersion: 'release' | 'trial' | 'develop';
  scene: number;
}

/** 服务通知: mini programs' template and subscription messages, each opening its page (1014 / 1107). */
export function ServiceNotificationsScreen(props: {
  onBack(): void;
  onOpen(target: MiniProgramTarget): void;
  onRead(key: string, newestAt: number): void;
}) {
  const { t, i18n } = useTranslation();
  const { onRead } = props;
  const [entries, setEntries] = useState<Notification[]>([]);

  const load = useCallback(async () => {
    const { data } = await api.GET('/api/v1/client/service-notifications', {
      params: { query: { limit: 50 } },
    });
    if (!data) return;
    setEntries([...data].reverse());
    onRead(NOTIFICATIONS_READ_KEY, data[0]?.at ?? 0);
  }, [onRead]);

  useEffect(() => {
    void load();
    return onInboxItem((item) => {
      if (isNotification(item.kind)) void load();
    });
  }, [load]);

  const time = new Intl.DateTimeFormat(i18n.language, {
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  return (
    <section className="screen conversation service-notifications">
      <header className="top-bar">
        <button type="button" className="back" onClick={props.onBack} aria-label={t('conversation.back')}>
          ‹
        </button>
        <h1>{t('mpMessages.notifications')}</h1>
        <span className="top-bar-spacer" />
      </header>
      <ol className="messages">
        {entries.length === 0 && <p className="empty">{t('mpMessages.noNotifications')}</p>}
        {entries.map((entry) => {
          const body = entry.body as unknown as NotificationBody;
          const emphasised = body.fields.find((f) => f.key === body.emphasis);
          return (
            <li key={entry.id} className="message theirs" data-kind={entry.kind}>
              <div className="card template-card notification-card" data-appid={body.appid}>
                <span className="mp-card-source">{body.appName || body.appid}</span>
                <strong>{body.title}</strong>
                <time>{time.format(entry.at)}</time>
                {emphasised && <p className="notification-emphasis">{emphasised.value}</p>}
                <dl>
                  {body.fields
                    .filter((f) => f !== emphasised)
                    .map((field) => (
                      <div key={field.key}>
                        <dt>{field.name}</dt>
                        <dd style={field.color ? { color: field.color } : undefined}>{field.value}</dd>
                      </div>
                    ))}
                </dl>
                {body.page && (
                  <button
                    type="button"
                    onClick={() =>
                      props.onOpen({
                        appid: body.appid,
                        pagepath: body.page,
                        scene: body.scene,
                        ...(body.envVersion === 'release' ? {} : { version: body.envVersion }),
                      })
                    }
                  >
                    {t('mpMessages.enter')}
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** The 服务通知 row at the top of the conversation list, once there is something in it. */
export function ServiceNotificationsRow(props: { unread: number; onOpen(): void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="conversation-row service-notifications-row" onClick={props.onOpen}>
      <span className="avatar" aria-hidden="true">
        ✉{props.unread > 0 && <span className="badge">{props.unread > 99 ? '99+' : props.unread}</span>}
      </span>
      <span className="conversation-text">
        <span className="conversation-name">{t('mpMessages.notifications')}</span>
        <span className="conversation-preview">{t('mpMessages.notificationsHint')}</span>
      </span>
    </button>
  );
}
