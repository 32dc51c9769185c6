import { useTranslation } from 'react-i18next';
import type { MiniProgramTarget } from '../container/target';
import { cardTarget, type ShareCard } from './chat-types';

/** A mini program share card in a chat: tapping it opens the page with the card's scene. */
export function CardView(props: { card: ShareCard; onOpen(target: MiniProgramTarget): void }) {
  const { t } = useTranslation();
  const { card } = props;
  return (
    <button
      type="button"
      className="card mp-card chat-card"
      data-appid={card.appid}
      data-scene={card.scene}
      onClick={() => props.onOpen(cardTarget(card))}
    >
      <span className="mp-card-source">{card.appName}</span>
      <strong>{card.title}</strong>
      {card.description && <span className="chat-card-description">{card.description}</span>}
      {card.thumbUrl && <img className="mp-card-thumb" alt="" src={card.thumbUrl} />}
      <span className="mp-card-foot">
        {t('chat.miniProgram')}
        {card.sharedBy && (
          <span className="chat-card-app"> · {t('chat.fromApp', { name: card.sharedBy.name })}</span>
        )}
      </span>
    </button>
  );
}
