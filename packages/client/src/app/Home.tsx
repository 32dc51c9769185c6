import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChatList } from '../features/chats/ChatList';
import { ChatScreen } from '../features/chats/ChatScreen';
import { SharePicker } from '../features/chats/SharePicker';
import { useChats } from '../features/chats/useChats';
import { useMiniProgramStack } from '../features/container/useMiniProgramStack';
import { ConversationList, type ConversationRow } from '../features/conversations/ConversationList';
import { DiscoverScreen } from '../features/discover/DiscoverScreen';
import { RecentMiniPrograms } from '../features/discover/RecentMiniPrograms';
import {
  announceInboxItem,
  isNotification,
  NOTIFICATIONS_READ_KEY,
} from '../features/mp-messages/inbox-events';
import {
  ServiceNotificationsRow,
  ServiceNotificationsScreen,
} from '../features/mp-messages/ServiceNotificationsScreen';
import { ConversationScreen } from '../features/official-account/ConversationScreen';
import { ScannerScreen } from '../features/scanner/ScannerScreen';
import { api, type ConversationEntry, type EndUser, type Following, type InboxItem } from '../lib/api';
import { type Language, switchLanguage } from '../lib/i18n';
import { openInboxStream, type StreamState } from '../lib/inbox-stream';
import { go, useHashRoute } from './useHashRoute';

const readKey = (user: EndUser) => `wharf.client.read.${user.id}`;

function loadRead(user: EndUser): Record<string, number> {
  try {
    return JSON.parse(localStorage.getItem(readKey(user)) ?? '{}') as Record<string, number>;
  } catch {
    return {};
  }
}

/** The signed-in client: conversation list, discover, a conversation, the mini program panel. */
export function Home(props: { user: EndUser; onSignOut(): void }) {
  const { t, i18n } = useTranslation();
  const { user } = props;
  const route = useHashRoute();
  const [following, setFollowing] = useState<Following[]>([]);
  const [latest, setLatest] = useState<Record<string, ConversationEntry | undefined>>({});
  const [items, setItems] = useState<Map<string, InboxItem>>(new Map());
  const [read, setRead] = useState<Record<string, number>>(() => loadRead(user));
  const [revisions, setRevisions] = useState<Record<string, number>>({});
  const [stream, setStream] = useState<StreamState>('connecting');
  const miniPrograms = useMiniProgramStack(user);
  const setPanel = miniPrograms.open;
  const chats = useChats(user);
  const { onItem: onChatItem, setOpen: setOpenChat } = chats;
  useEffect(() => setOpenChat(route.screen === 'chat' ? route.chatId : undefined), [route, setOpenChat]);
  const routeRef = useRef(route);
  routeRef.current = route;
  const itemsRef = useRef(items);
  itemsRef.current = items;

  const refreshLatest = useCallback(async (appid: string) => {
    const { data } = await api.GET('/api/v1/client/official-accounts/{appid}/conversation', {
      params: { path: { appid }, query: { limit: 1 } },
    });
    setLatest((old) => ({ ...old, [appid]: data?.[0] }));
  }, []);

  const refreshFollowing = useCallback(async () => {
    const { data } = await api.GET('/api/v1/client/following');
    setFollowing(data ?? []);
    await Promise.all((data ?? []).map((account) => refreshLatest(account.appid)));
  }, [refreshLatest]);

  const addItems = useCallback((added: InboxItem[]) => {
    setItems((old) => {
      const next = new Map(old);
      for (const item of added) next.set(item.id, item);
      return next;
    });
  }, []);

  useEffect(() => {
    void refreshFollowing();
    void api.GET('/api/v1/client/inbox', { params: { query: { limit: 100 } } }).then(({ data }) => {
      if (data) addItems(data.items);
    });
  }, [refreshFollowing, addItems]);

  // Realtime: each delivery updates its conversation (open) or its row and unread count.
  useEffect(
    () =>
      openInboxStream((item) => {
        if (itemsRef.current.has(item.id)) return;
        addItems([item]);
        announceInboxItem(item);
        if (onChatItem(item)) return;
        const appid = item.sender?.appid;
        if (!appid) return;
        const current = routeRef.current;
        if (current.screen === 'account' && current.appid === appid)
          setRevisions((old) => ({ ...old, [appid]: (old[appid] ?? 0) + 1 }));
        void refreshLatest(appid);
      }, setStream),
    [addItems, refreshLatest, onChatItem],
  );

  const onRead = useCallback(
    (appid: string, newestAt: number) => {
      setRead((old) => {
        let upTo = Math.max(old[appid] ?? 0, newestAt);
        for (const item of itemsRef.current.values())
          if (item.sender?.appid === appid) upTo = Math.max(upTo, item.deliveredAt);
        const next = { ...old, [appid]: upTo };
        localStorage.setItem(readKey(user), JSON.stringify(next));
        return next;
      });
    },
    [user],
  );

  const rows: ConversationRow[] = useMemo(
    () =>
      following.map((account) => {
        let unread = 0;
        for (const item of items.values())
          if (item.sender?.appid === account.appid && item.deliveredAt > (read[account.appid] ?? 0))
            unread += 1;
        return { account, latest: latest[account.appid], unread };
      }),
    [following, items, read, latest],
  );
  const notificationsUnread = useMemo(() => {
    let unread = 0;
    for (const item of items.values())
      if (isNotification(item.kind) && item.deliveredAt > (read[NOTIFICATIONS_READ_KEY] ?? 0)) unread += 1;
    return unread;
  }, [items, read]);
  const hasNotifications = useMemo(() => [...items.values()].some((i) => isNotification(i.kind)), [items]);
  const followed = useMemo(() => new Set(following.map((a) => a.appid)), [following]);

  async function signOut() {
    await api.POST('/api/v1/client/signout');
    props.onSignOut();
  }

  const language = i18n.language as Language;
  const open = route.screen === 'account' ? following.find((a) => a.appid === route.appid) : undefined;
  return (
    <div className="shell">
      {/* Over every screen (a chat too): what is typed meanwhile waits in its box. */}
      {stream !== 'open' && (
        <p className="stream-state" role="status">
          {t('chats.reconnecting')}
        </p>
      )}
      {route.screen === 'scan' ? (
        <ScannerScreen
          handedText={route.text}
          onBack={() => go({ screen: 'discover' })}
          onOpen={(target) => {
            // As WeChat: the scanner closes behind the mini program it opened.
            go({ screen: 'discover' });
            setPanel(target);
          }}
        />
      ) : route.screen === 'chat' ? (
        <ChatScreen
          chatId={route.chatId}
          chat={chats.chats.find((c) => c.id === route.chatId)}
          user={user}
          revision={chats.revisions[route.chatId] ?? 0}
          onBack={() => go({ screen: 'chats' })}
          onOpen={setPanel}
        />
      ) : route.screen === 'notifications' ? (
        <ServiceNotificationsScreen
          onBack={() => go({ screen: 'chats' })}
          onOpen={setPanel}
          onRead={onRead}
        />
      ) : route.screen === 'account' ? (
        <ConversationScreen
          appid={route.appid}
          name={open?.name ?? ''}
          revision={revisions[route.appid] ?? 0}
          onBack={() => go({ screen: 'chats' })}
          onOpen={setPanel}
          onRead={onRead}
        />
      ) : (
        <section className="screen home">
          <header className="top-bar">
            <button
              type="button"
              className="language"
              onClick={() => switchLanguage(language === 'en' ? 'zh-CN' : 'en')}
            >
              {t('app.language')}
            </button>
            <h1>{route.screen === 'discover' ? t('tabs.discover') : t('app.name')}</h1>
            <button type="button" className="sign-out" onClick={() => void signOut()}>
              {t('app.signOut')}
            </button>
          </header>
          <div className="screen-body">
            {route.screen === 'discover' ? (
              <>
                <button type="button" className="scan-entry" onClick={() => go({ screen: 'scan' })}>
                  {t('scan.title')}
                </button>
                <RecentMiniPrograms userId={user.id} onOpen={setPanel} />
                <DiscoverScreen
                  onOpenMiniProgram={setPanel}
                  following={followed}
                  onChanged={refreshFollowing}
                  onOpen={(appid) => go({ screen: 'account', appid })}
                />
              </>
            ) : (
              <>
                {hasNotifications && (
                  <ServiceNotificationsRow
                    unread={notificationsUnread}
                    onOpen={() => go({ screen: 'notifications' })}
                  />
                )}
                <ChatList
                  chats={chats.chats}
                  unread={chats.unread}
                  onOpen={(chatId) => go({ screen: 'chat', chatId })}
                  onCreated={() => void chats.refresh()}
                />
                {(rows.length > 0 || chats.chats.length === 0) && (
                  <ConversationList rows={rows} onOpen={(appid) => go({ screen: 'account', appid })} />
                )}
              </>
            )}
          </div>
          <nav className="tab-bar">
            <button
              type="button"
              aria-current={route.screen === 'chats' ? 'page' : undefined}
              onClick={() => go({ screen: 'chats' })}
            >
              {t('tabs.chats')}
              {(rows.some((r) => r.unread > 0) || chats.unreadTotal > 0 || notificationsUnread > 0) && (
                <span className="badge">
                  {rows.reduce((n, r) => n + r.unread, chats.unreadTotal + notificationsUnread)}
                </span>
              )}
            </button>
            <button
              type="button"
              aria-current={route.screen === 'discover' ? 'page' : undefined}
              onClick={() => go({ screen: 'discover' })}
            >
              {t('tabs.discover')}
            </button>
          </nav>
        </section>
      )}
      {miniPrograms.view}
      <SharePicker chats={chats.chats} onShared={() => void chats.refresh()} />
    </div>
  );
}
