import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ConversationEntry, errorOf, type Menu } from '../../lib/api';
import type { MiniProgramTarget } from '../container/target';
import { Composer, MessageList, Notice } from '../messages/Thread';
import { MenuBar } from './MenuBar';
import { MessageBubble } from './MessageBubble';

/** One official account's conversation: messages both ways, the custom menu or the keyboard. */
export function ConversationScreen(props: {
  appid: string;
  name: string;
  /** Bumped by the inbox stream when something from this account arrives. */
  revision: number;
  onBack(): void;
  onOpen(target: MiniProgramTarget): void;
  onRead(appid: string, newestAt: number): void;
}) {
  const { t } = useTranslation();
  const { appid, revision, onRead } = props;
  const [entries, setEntries] = useState<ConversationEntry[]>([]);
  const [menu, setMenu] = useState<Menu | null>(null);
  const [typing, setTyping] = useState(false);
  const [notice, setNotice] = useState<string | undefined>();
  const clearNotice = useCallback(() => setNotice(undefined), []);

  const load = useCallback(async () => {
    const { data } = await api.GET('/api/v1/client/official-accounts/{appid}/conversation', {
      params: { path: { appid }, query: { limit: 50 } },
    });
    if (!data) return;
    setEntries([...data].reverse());
    onRead(appid, data[0]?.at ?? 0);
  }, [appid, onRead]);

  const loadMenu = useCallback(async () => {
    const { data } = await api.GET('/api/v1/client/official-accounts/{appid}/menu', {
      params: { path: { appid } },
    });
    setMenu(data?.menu ?? null);
  }, [appid]);

  useEffect(() => {
    void loadMenu();
  }, [loadMenu]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: revision is the stream's "reload" signal
  useEffect(() => {
    void load();
  }, [load, revision]);

  async function send(content: string) {
    const { error } = await api.POST('/api/v1/client/official-accounts/{appid}/messages', {
      params: { path: { appid } },
      body: { type: 'text', content },
    });
    if (error) return errorOf(error).message;
    await load();
    return undefined;
  }

  const showMenu = menu !== null && !typing;
  return (
    <section className="screen conversation">
      <header className="top-bar">
        <button type="button" className="back" onClick={props.onBack} aria-label={t('conversation.back')}>
          ‹
        </button>
        <h1>{props.name}</h1>
        <span className="top-bar-spacer" />
      </header>
      <MessageList entries={entries}>
        {entries.map((entry) => (
          <MessageBubble key={`${entry.from}-${entry.id}`} entry={entry} onOpen={props.onOpen} />
        ))}
      </MessageList>
      <Notice notice={notice} onDone={clearNotice} />
      <footer className="composer">
        {menu !== null && (
          <button
            type="button"
            className="composer-toggle"
            aria-label={typing ? t('conversation.menu') : t('conversation.keyboard')}
            onClick={() => setTyping(!typing)}
          >
            {typing ? '≡' : '⌨'}
          </button>
        )}
        {showMenu && (
          <MenuBar appid={appid} menu={menu} onOpen={props.onOpen} onNotice={setNotice} onStale={loadMenu} />
        )}
        <Composer
          label={t('conversation.placeholder')}
          sendLabel={t('conversation.send')}
          send={send}
          onNotice={setNotice}
          hidden={showMenu}
        />
      </footer>
    </section>
  );
}
