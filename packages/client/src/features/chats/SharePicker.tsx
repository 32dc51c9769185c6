import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorOf } from '../../lib/api';
import { localMessage } from './ChatList';
import type { ChatView } from './chat-types';
import { onShareRequest, type ShareRequest } from './share-requests';

/**
 * WeChat's "share to" sheet: a mini program's share (`onShareAppMessage`, the capsule menu or
 * `button open-type="share"`) becomes a card in the chat the user picks.
 */
export function SharePicker(props: { chats: ChatView[]; onShared(chatId: string): void }) {
  const { t, i18n } = useTranslation();
  const [request, setRequest] = useState<ShareRequest | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  useEffect(
    () =>
      onShareRequest((next) => {
        if (next.share) setRequest(next);
        else setNotice(t('chat.notSharable'));
      }),
    [t],
  );
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(undefined), 3000);
    return () => clearTimeout(timer);
  }, [notice]);

  async function shareTo(chat: ChatView) {
    const share = request?.share;
    if (!request || !share) return;
    const { error } = await api.POST('/api/v1/client/chats/{chatId}/shares', {
      params: { path: { chatId: chat.id } },
      body: {
        appid: request.appid,
        title: share.title,
        path: share.path,
        withShareTicket: share.withShareTicket,
        // Only a full address can be fetched by the chat's other members; a package path is left out.
        ...(/^https?:\/\//.test(share.imageUrl) ? { imageUrl: share.imageUrl } : {}),
      },
    });
    setRequest(undefined);
    if (error) {
      setNotice(t('chat.shareFailed', { reason: localMessage(errorOf(error), i18n.language) }));
      return;
    }
    setNotice(t('chat.shared', { name: chat.name }));
    props.onShared(chat.id);
  }

  return (
    <>
      {request && (
        <div className="share-overlay" role="dialog" aria-label={t('chat.shareTo')}>
          <div className="share-sheet">
            <h2>{t('chat.shareTo')}</h2>
            <p className="share-title">{request.share?.title}</p>
            {props.chats.length === 0 && <p className="empty">{t('chat.noChats')}</p>}
            <ul>
              {props.chats.map((chat) => (
                <li key={chat.id}>
                  <button
                    type="button"
                    className="share-target"
                    data-chat-id={chat.id}
                    onClick={() => void shareTo(chat)}
                  >
                    <span className="avatar" aria-hidden="true">
                      {chat.name.slice(0, 1)}
                    </span>
                    {chat.name}
                  </button>
                </li>
              ))}
            </ul>
            <button type="button" className="share-cancel" onClick={() => setRequest(undefined)}>
              {t('chat.cancel')}
            </button>
          </div>
        </div>
      )}
      {notice && (
        <div className="toast share-toast" role="status">
          {notice}
        </div>
      )}
    </>
  );
}
