import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ConversationEntry, errorOf, type Menu } from '../../lib/api';
import type { MiniProgramTarget } from '../container/target';
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
  const [draft, setDraft] = useState('');
  const [notice, setNotice] = useState<string | undefined>();
  const list = useRef<HTMLOListElement>(null);

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
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll to the newest after each load
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [entries]);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(undefined), 3000);
    return () => clearTimeout(timer);
  }, [notice]);

  async function send(event: FormEvent) {
    event.preventDefault();
    const content = draft.trim();
    if (!content) return;
    const { error } = await api.POST('/api/v1/client/official-accounts/{appid}/messages', {
      params: { path: { appid } },
      body: { type: 'text', content },
    });
    if (error) {
      // Kept in the box: nothing the user typed is lost when the server refuses or is away.
      setNotice(errorOf(error).message);
      return;
    }
    setDraft('');
    await load();
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
      <ol className="messages" ref={list}>
        {entries.map((entry) => (
          <MessageBubble key={`${entry.from}-${entry.id}`} entry={entry} onOpen={props.onOpen} />
        ))}
      </ol>
      {notice && (
        <div className="toast" role="status">
          {notice}
        </div>
      )}
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
        {showMenu ? (
          <MenuBar appid={appid} menu={menu} onOpen={props.onOpen} onNotice={setNotice} onStale={loadMenu} />
        ) : (
          <form className="composer-form" onSubmit={send}>
            <input
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
              placeholder={t('conversation.placeholder')}
              aria-label={t('conversation.placeholder')}
              maxLength={2000}
            />
            <button type="submit" disabled={!draft.trim()}>
              {t('conversation.send')}
            </button>
          </form>
        )}
      </footer>
    </section>
  );
}
