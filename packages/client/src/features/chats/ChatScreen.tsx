import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type EndUser, errorOf } from '../../lib/api';
import type { MiniProgramTarget } from '../container/target';
import { Composer, MessageList, Notice } from '../messages/Thread';
import { CodeImage } from '../scanner/CodeImage';
import { CardView } from './CardView';
import { localMessage } from './ChatList';
import type { ChatEntry, ChatView } from './chat-types';
import { ImagePicker } from './ImagePicker';

/** One chat: its texts, images and share cards, oldest at the top, and the text box. */
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
  const [notice, setNotice] = useState<string | undefined>();
  const clearNotice = useCallback(() => setNotice(undefined), []);
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

  async function sendImage(image: string) {
    const { error } = await api.POST('/api/v1/client/chats/{chatId}/images', {
      params: { path: { chatId } },
      body: { image },
    });
    if (error) return localMessage(errorOf(error), i18n.language);
    await load();
    return undefined;
  }

  async function send(text: string) {
    const { error } = await api.POST('/api/v1/client/chats/{chatId}/messages', {
      params: { path: { chatId } },
      body: { text },
    });
    if (error) return localMessage(errorOf(error), i18n.language);
    await load();
    return undefined;
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
      <MessageList entries={entries}>
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
            ) : entry.type === 'image' && entry.image ? (
              // A long press reads a code in it, as in an official account's conversation (1012 / 1048).
              <CodeImage
                className="bubble-image chat-image"
                alt={t('chat.image')}
                src={entry.image.url}
                onOpen={props.onOpen}
              />
            ) : (
              <div className="bubble">{entry.text}</div>
            )}
          </li>
        ))}
      </MessageList>
      <Notice notice={notice} onDone={clearNotice} />
      <footer className="composer">
        <ImagePicker send={sendImage} onNotice={setNotice} />
        <Composer label={t('chat.placeholder')} sendLabel={t('chat.send')} send={send} onNotice={setNotice} />
      </footer>
    </section>
  );
}
