import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorOf } from '../../lib/api';
import type { ChatEntry, ChatView } from './chat-types';
import './chats.css';
import './i18n';

export function usePreview(): (entry: ChatEntry | null) => string {
  const { t } = useTranslation();
  return (entry) => {
    if (!entry) return t('chat.empty');
    if (entry.type === 'miniprogram' && entry.card) return t('chat.preview', { title: entry.card.title });
    if (entry.type === 'image') return t('chat.imagePreview');
    return entry.text ?? '';
  };
}

/** The user's one-to-one and group chats, newest first, above the official accounts; and "new chat". */
export function ChatList(props: {
  chats: ChatView[];
  unread: Record<string, number>;
  onOpen(chatId: string): void;
  onCreated(): void;
}) {
  const { t, i18n } = useTranslation();
  const preview = usePreview();
  const [starting, setStarting] = useState(false);
  const time = new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit' });
  return (
    <>
      <div className="chat-actions">
        <button type="button" className="chat-new" onClick={() => setStarting(!starting)}>
          {t('chat.newChat')}
        </button>
      </div>
      {starting && (
        <NewChatForm
          onDone={(chatId) => {
            setStarting(false);
            props.onCreated();
            props.onOpen(chatId);
          }}
          onCancel={() => setStarting(false)}
        />
      )}
      {props.chats.length > 0 && (
        <ul className="conversation-list chat-list">
          {props.chats.map((chat) => {
            const unread = props.unread[chat.id] ?? 0;
            const at = chat.latest?.at;
            return (
              <li key={chat.id}>
                <button
                  type="button"
                  className="conversation-row chat-row"
                  data-chat-id={chat.id}
                  data-kind={chat.kind}
                  onClick={() => props.onOpen(chat.id)}
                >
                  <span className="avatar" aria-hidden="true">
                    {chat.name.slice(0, 1)}
                    {unread > 0 && <span className="badge">{unread > 99 ? '99+' : unread}</span>}
                  </span>
                  <span className="conversation-text">
                    <span className="conversation-name">
                      {chat.name}
                      {chat.kind === 'group' && (
                        <small className="chat-count">
                          {' '}
                          ({t('chat.members', { count: chat.memberCount })})
                        </small>
                      )}
                    </span>
                    <span className="conversation-preview">{preview(chat.latest)}</span>
                  </span>
                  {at !== undefined && <time className="conversation-time">{time.format(at)}</time>}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

/** One WeChat ID starts (or reopens) a one-to-one chat; several make a group. */
function NewChatForm(props: { onDone(chatId: string): void; onCancel(): void }) {
  const { t, i18n } = useTranslation();
  const [names, setNames] = useState('');
  const [groupName, setGroupName] = useState('');
  const [error, setError] = useState<string | undefined>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const usernames = [...new Set(names.split(/[\s,，]+/).filter(Boolean))];
    if (usernames.length === 0) return;
    const answer =
      usernames.length === 1 && !groupName.trim()
        ? await api.POST('/api/v1/client/chats/direct', { body: { username: usernames[0]! } })
        : await api.POST('/api/v1/client/chats/groups', {
            body: { name: groupName.trim() || t('chat.defaultGroup'), usernames },
          });
    if (!answer.data) {
      const failure = errorOf(answer.error);
      setError(localMessage(failure, i18n.language));
      return;
    }
    props.onDone(answer.data.id);
  }

  return (
    <form className="chat-new-form" onSubmit={submit}>
      <input
        value={names}
        onChange={(event) => setNames(event.target.value)}
        aria-label={t('chat.usernames')}
        placeholder={t('chat.usernames')}
      />
      <input
        value={groupName}
        onChange={(event) => setGroupName(event.target.value)}
        aria-label={t('chat.groupName')}
        placeholder={t('chat.groupName')}
        maxLength={32}
      />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="chat-new-buttons">
        <button type="submit">{t('chat.start')}</button>
        <button type="button" onClick={props.onCancel}>
          {t('chat.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The server's message in the reader's language. */
export function localMessage(failure: { message: string; messageZh?: string }, language: string): string {
  return language.startsWith('zh') ? (failure.messageZh ?? failure.message) : failure.message;
}
