import { useTranslation } from 'react-i18next';
import type { EndUser } from '../../lib/api';
import type { ProfileRequest } from './login-services';

/** The client's own sheet for `wx.getUserProfile`: who asks, why (their `desc`), and what they get. */
export function ProfileSheet(props: {
  name: string;
  user: EndUser;
  request: ProfileRequest;
  onDone(): void;
}) {
  const { t } = useTranslation();
  const answer = (allowed: boolean) => {
    props.request.answer(allowed);
    props.onDone();
  };
  return (
    <div
      className="consent-sheet profile-sheet"
      role="dialog"
      aria-label={t('profile.title', { name: props.name })}
    >
      <p>{t('profile.title', { name: props.name })}</p>
      {props.request.desc && <p className="muted profile-desc">{props.request.desc}</p>}
      <p className="profile-who">
        <span className="profile-avatar" aria-hidden="true">
          {props.user.nickname.slice(0, 1)}
        </span>
        {t('profile.what', { nickname: props.user.nickname })}
      </p>
      <div className="consent-actions">
        <button type="button" onClick={() => answer(false)}>
          {t('profile.deny')}
        </button>
        <button type="button" className="primary" onClick={() => answer(true)}>
          {t('profile.allow')}
        </button>
      </div>
    </div>
  );
}
