import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Copies `text`; says so for a moment (screen readers hear it through the live region). */
export function CopyButton(props: { text: string; label?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      onClick={() =>
        void navigator.clipboard?.writeText(props.text).then(
          () => {
            setCopied(true);
            setTimeout(() => setCopied(false), 2000);
          },
          () => undefined,
        )
      }
    >
      <span aria-live="polite">{copied ? t('common.copied') : (props.label ?? t('common.copy'))}</span>
    </button>
  );
}
