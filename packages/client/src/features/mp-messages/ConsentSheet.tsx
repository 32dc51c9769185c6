import { useTranslation } from 'react-i18next';
import type { ConsentRequest } from './mp-services';

/** WeChat's subscription sheet: the mini program asks to send messages; the user allows or cancels. */
export function ConsentSheet(props: { name: string; request: ConsentRequest; onDone(): void }) {
  const { t } = useTranslation();
  const answer = (accepted: boolean) => {
    props.request.answer(accepted);
    props.onDone();
  };
  return (
    <div
      className="consent-sheet"
      role="dialog"
      aria-label={t('mpMessages.consentTitle', { name: props.name })}
    >
      <p>{t('mpMessages.consentTitle', { name: props.name })}</p>
      <p className="muted">{t('mpMessages.consentCount', { count: props.request.tmplIds.length })}</p>
      <div className="consent-actions">
        <button type="button" onClick={() => answer(false)}>
          {t('mpMessages.cancel')}
        </button>
        <button type="button" className="primary" onClick={() => answer(true)}>
          {t('mpMessages.allow')}
        </button>
      </div>
    </div>
  );
}
