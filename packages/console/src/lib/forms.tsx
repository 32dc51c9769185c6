import { type ReactNode, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, errorOf, messageOf } from './api';

/**
 * One submit at a time (a ref, so a double click in the same frame cannot send twice) and the
 * server's error kept for the field it names.
 */
export function useSubmit() {
  const lock = useRef(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  async function run(action: () => Promise<{ error?: unknown; response: Response } | undefined>) {
    if (lock.current) return false;
    lock.current = true;
    setBusy(true);
    setError(undefined);
    try {
      const result = await action();
      if (result && (result.error !== undefined || !result.response.ok)) {
        setError(errorOf(result.error));
        return false;
      }
      return true;
    } catch {
      setError(errorOf(undefined));
      return false;
    } finally {
      lock.current = false;
      setBusy(false);
    }
  }
  return { busy, error, setError, run };
}

/** The message for one field, when the server's error names it. */
export function fieldError(error: ApiError | undefined, field: string): ApiError | undefined {
  // Schema errors name the body's property (`body.email`), the services the field itself.
  return error?.field === field || error?.field === `body.${field}` ? error : undefined;
}

export function Field(props: {
  label: string;
  error?: ApiError | undefined;
  hint?: string;
  children: (attributes: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
}) {
  const { i18n } = useTranslation();
  const id = useId();
  const described = props.error ? `${id}-error` : props.hint ? `${id}-hint` : undefined;
  return (
    <div className={`field${props.error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.children({
        id,
        'aria-invalid': Boolean(props.error),
        ...(described ? { 'aria-describedby': described } : {}),
      })}
      {props.error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {messageOf(props.error, i18n.language)}
        </p>
      ) : (
        props.hint && (
          <p className="field-hint" id={`${id}-hint`}>
            {props.hint}
          </p>
        )
      )}
    </div>
  );
}

/** An error no field claims, shown above the buttons. */
export function FormError(props: { error: ApiError | undefined; fields?: string[] }) {
  const { i18n } = useTranslation();
  const error = props.error;
  const claimed = error?.field && props.fields?.some((field) => fieldError(error, field));
  if (!error || claimed) return null;
  return (
    <p className="form-error" role="alert">
      {messageOf(error, i18n.language)}
    </p>
  );
}
