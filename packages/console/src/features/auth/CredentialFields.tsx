import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../lib/api';
import { Field, fieldError } from '../../lib/forms';

/** The email and password pair of the sign-in and sign-up forms, with the server's errors beside them. */
export function CredentialFields(props: {
  email: string;
  password: string;
  onEmail(value: string): void;
  onPassword(value: string): void;
  error: ApiError | undefined;
  /** `new-password` on sign-up (password managers offer to generate one), else `current-password`. */
  passwordAutoComplete: 'new-password' | 'current-password';
  passwordHint?: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t('auth.email')} error={fieldError(props.error, 'email')}>
        {(attributes) => (
          <input
            {...attributes}
            name="email"
            type="email"
            autoComplete="username"
            value={props.email}
            onChange={(e) => props.onEmail(e.target.value)}
            required
          />
        )}
      </Field>
      <Field
        label={t('auth.password')}
        error={fieldError(props.error, 'password')}
        {...(props.passwordHint ? { hint: props.passwordHint } : {})}
      >
        {(attributes) => (
          <input
            {...attributes}
            name="password"
            type="password"
            autoComplete={props.passwordAutoComplete}
            value={props.password}
            onChange={(e) => props.onPassword(e.target.value)}
            required
          />
        )}
      </Field>
    </>
  );
}
