import { useTranslation } from 'react-i18next';
import type { ConversationEntry } from '../../lib/api';
import type { MiniProgramTarget } from '../container/target';
import { CodeImage } from '../scanner/CodeImage';
import { type MessageContent, messageContent } from './message-content';

/** One line of text for the conversation list. */
export function usePreview(): (entry: ConversationEntry | undefined) => string {
  const { t, i18n } = useTranslation();
  return (entry) => {
    if (!entry) return t('chats.noMessages');
    const content = messageContent(entry.kind, entry.body);
    switch (content.type) {
      case 'text':
        return content.text;
      case 'location':
        return t('conversation.location', { label: content.label });
      case 'image':
        return t('conversation.image');
      case 'media':
        return t(`conversation.${content.label}`);
      case 'link':
        return content.title;
      case 'miniprogram':
        return `[${t('conversation.miniProgram')}] ${cardTitle(content, i18n.language)}`;
      case 'template':
        return `[${t('conversation.template')}] ${content.title}`;
      default:
        return t('conversation.unsupported');
    }
  };
}

function cardTitle(content: Extract<MessageContent, { type: 'miniprogram' }>, language: string): string {
  return language === 'en' && content.titleEn ? content.titleEn : content.title;
}

export function MessageBubble(props: { entry: ConversationEntry; onOpen(target: MiniProgramTarget): void }) {
  const { t, i18n } = useTranslation();
  const { entry, onOpen } = props;
  const content = messageContent(entry.kind, entry.body);
  const side = entry.from === 'user' ? 'mine' : 'theirs';
  const body = (() => {
    switch (content.type) {
      case 'text':
        return <div className="bubble">{content.text}</div>;
      case 'location':
        return <div className="bubble">{t('conversation.location', { label: content.label })}</div>;
      case 'image':
        return (
          <CodeImage
            className="bubble-image"
            alt={t('conversation.image')}
            src={`/api/v1/client/media/${encodeURIComponent(content.mediaId)}`}
            onOpen={props.onOpen}
          />
        );
      case 'media':
        return <div className="bubble">{t(`conversation.${content.label}`)}</div>;
      case 'link':
        return (
          <a className="card link-card" href={content.url} target="_blank" rel="noopener noreferrer">
            <strong>{content.title}</strong>
            {content.description && <span>{content.description}</span>}
          </a>
        );
      case 'miniprogram':
        return (
          <button
            type="button"
            className="card mp-card"
            data-appid={content.target.appid}
            onClick={() => onOpen(content.target)}
          >
            <span className="mp-card-source">{content.appName || content.target.appid}</span>
            <strong>{cardTitle(content, i18n.language)}</strong>
            {content.thumbMediaId && (
              <img
                className="mp-card-thumb"
                alt=""
                src={`/api/v1/client/media/${encodeURIComponent(content.thumbMediaId)}`}
              />
            )}
            <span className="mp-card-foot">{t('conversation.miniProgram')}</span>
          </button>
        );
      case 'template':
        return (
          <div className="card template-card">
            <strong>{content.title}</strong>
            <dl>
              {content.rows.map((row, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a message's rows never reorder
                <div key={i} className={row.label ? undefined : 'template-line'}>
                  {row.label && <dt>{row.label}</dt>}
                  <dd style={row.color ? { color: row.color } : undefined}>{row.value}</dd>
                </div>
              ))}
            </dl>
            {content.target ? (
              <button type="button" onClick={() => content.target && onOpen(content.target)}>
                {t('conversation.viewDetails')}
              </button>
            ) : content.url ? (
              <a href={content.url} target="_blank" rel="noopener noreferrer">
                {t('conversation.viewDetails')}
              </a>
            ) : null}
          </div>
        );
      default:
        return <div className="bubble muted">{t('conversation.unsupported')}</div>;
    }
  })();
  return (
    <li className={`message ${side}`} data-kind={entry.kind}>
      {body}
    </li>
  );
}
