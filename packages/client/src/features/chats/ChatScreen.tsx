import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type EndUser, errorOf } from '../../lib/api';
import type { MiniProgramTarget } from '../container/target';
import { CardView } from './CardView';
import { localMessage } from './ChatList';
import type { ChatEntry, ChatView } from './chat-types';

/** One chat: its texts and share cards, oldest at the top, and the text box. */
export function ChatScreen(props: {
  chatId: string;
  chat: ChatView | undefined;
  user: EndUser;
  /** Bumped by the inbox stream when something arrives in this chat. */
  revision: number;
  onBack(): void;
  onOpen(target: MiniProgramTarget): void;
}) {
  const { t, i18n } = useTranslation();
  const { chatId, revision } = props;
  const [entries, setEntries] = useState<ChatEntry[]>([]);
  const [draft, setDraft] = useState('');
  const [notice, setNotice] = useState<string | undefined>();
  const list = useRef<HTMLOListElement>(null);
  // A chat just made (or opened by its link) may not be in the list yet: ask for it.
  const [fetched, setFetched] = useState<ChatView | undefined>();
  const chat = props.chat ?? fetched;
  useEffect(() => {
    if (props.chat) return;
    void api
      .GET('/api/v1/client/chats/{chatId}', { params: { path: { chatId } } })
      .then(({ data }) => setFetched(data));
  }, [props.chat, chatId]);

  const load = useCallback(async () => {
    const { data } = await api.GET('/api/v1/client/chats/{chatId}/messages', {
      params: { path: { chatId }, query: { limit: 50 } },
    });
    if (data) setEntries([...data.items].reverse());
  }, [chatId]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: revision is the stream's "reload" signal
  useEffect(() => {
    void load();
  }, [load, revision]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll to the newest after each load
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [entries]);

  async function send(event: FormEvent) {
    event.preventDefault();
    const text = draft.trim();
    if (!text) return;
    const { error } = await api.POST('/api/v1/client/chats/{chatId}/messages', {
      params: { path: { chatId } },
      body: { text },
    });
    if (error) {
      // Kept in the box: nothing typed is lost when the server refuses or is away.
      setNotice(localMessage(errorOf(error), i18n.language));
      return;
    }
    setDraft('');
    await load();
  }

  return (
    <section className="screen conversation chat-screen" data-chat-id={chatId}>
      <header className="top-bar">
        <button type="button" className="back" onClick={props.onBack} aria-label={t('chat.back')}>
          ‹
        </button>
        <h1>{chat?.name ?? ''}</h1>
        <span className="top-bar-spacer" />
      </header>
      <ol className="messages" ref={list}>
        {entries.map((entry) => (
          <li
            key={entry.id}
            className={`message ${entry.from.id === props.user.id ? 'mine' : 'theirs'}`}
            data-type={entry.type}
          >
            {chat?.kind === 'group' && entry.from.id !== props.user.id && (
              <span className="chat-sender">{entry.from.nickname}</span>
            )}
            {entry.type === 'miniprogram' && entry.card ? (
              <CardView card={entry.card} onOpen={props.onOpen} />
            ) : (
              <div className="bubble">{entry.text}</div>
            )}
          </li>
        ))}
      </ol>
      {notice && (
        <div className="toast" role="status">
          {notice}
        </div>
      )}
      <footer className="composer">
        <form className="composer-form" onSubmit={send}>
          <input
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            placeholder={t('chat.placeholder')}
            aria-label={t('chat.placeholder')}
            maxLength={2000}
          />
          <button type="submit" disabled={!draft.trim()}>
            {t('chat.send')}
          </button>
        </form>
      </footer>
    </section>
  );
}
