import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type EndUser, type InboxItem } from '../../lib/api';
import type { ChatView } from './chat-types';

/** The user's chats: the list, unread counts and a revision per chat, kept current by the inbox stream. */
export function useChats(user: EndUser) {
  const [chats, setChats] = useState<ChatView[]>([]);
  const [unread, setUnread] = useState<Record<string, number>>({});
  const [revisions, setRevisions] = useState<Record<string, number>>({});
  const open = useRef<string | undefined>(undefined);

  const refresh = useCallback(async () => {
    const { data } = await api.GET('/api/v1/client/chats');
    if (data) setChats(data);
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  /** A delivery from the inbox stream (deduped by the caller); true when it was a chat's. */
  const onItem = useCallback(
    (item: InboxItem): boolean => {
      if (item.kind !== 'chat') return false;
      const body = item.body as { chatId?: string; from?: { id?: string } };
      const chatId = body.chatId;
      if (!chatId) return true;
      setRevisions((old) => ({ ...old, [chatId]: (old[chatId] ?? 0) + 1 }));
      if (body.from?.id !== user.id && open.current !== chatId)
        setUnread((old) => ({ ...old, [chatId]: (old[chatId] ?? 0) + 1 }));
      void refresh();
      return true;
    },
    [user.id, refresh],
  );

  const setOpen = useCallback((chatId: string | undefined) => {
    open.current = chatId;
    if (chatId) setUnread((old) => ({ ...old, [chatId]: 0 }));
  }, []);

  const unreadTotal = Object.values(unread).reduce((n, count) => n + count, 0);
  return { chats, unread, unreadTotal, revisions, onItem, refresh, setOpen };
}

export type Chats = ReturnType<typeof useChats>;
