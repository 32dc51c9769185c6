import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from './CopyButton';
import { FormError, useSubmit } from './forms';

/**
 * An AppSecret reset: confirmed first (the old secret stops working at once), the new one shown
 * this once with a copy button. `reset` asks the server for it.
 */
export function SecretReset(props: {
  reset(): Promise<{ data?: { secret: string }; error?: unknown; response: Response }>;
  text: { once: string; hidden?: string; warning: string; reset: string; confirm: string };
  /** The warning's element id, when a test or a label names it. */
  warningId?: string;
}) {
  const { t } = useTranslation();
  const generatedId = useId();
  const warningId = props.warningId ?? generatedId;
  const [confirming, setConfirming] = useState(false);
  const [secret, setSecret] = useState<string | undefined>();
  const { busy, error, run } = useSubmit();
  const reset = () =>
    run(async () => {
      const answer = await props.reset();
      if (answer.data) {
        setSecret(answer.data.secret);
        setConfirming(false);
      }
      return answer;
    });
  return (
    <div className="secret-reset">
      {secret ? (
        <div className="secret-shown" role="status">
          <p className="warning">{props.text.once}</p>
          <p>
            <code className="secret">{secret}</code> <CopyButton text={secret} />
          </p>
        </div>
      ) : (
        props.text.hidden && <p className="muted">{props.text.hidden}</p>
      )}
      {confirming ? (
        <div className="confirm" role="alertdialog" aria-labelledby={warningId}>
          <p id={warningId} className="warning">
            {props.text.warning}
          </p>
          <button type="button" className="danger" disabled={busy} onClick={() => void reset()}>
            {props.text.confirm}
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            {t('common.cancel')}
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          {props.text.reset}
        </button>
      )}
      <FormError error={error} />
    </div>
  );
}
