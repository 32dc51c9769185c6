import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorOf } from '../../lib/api';
import type { MiniProgramTarget } from '../container/target';
import { fileAsBase64 } from './camera-decoder';
import { targetOf } from './ScannerScreen';

/** As WeChat: a press this long on an image offers 识别图中二维码. */
const LONG_PRESS_MS = 500;

/**
 * An image in a conversation that a long press (or a right click) can read a code from: the
 * server's scan resolver with `long_press` (scene 1048 for a mini program code, 1012 for a link
 * under a QR rule) says what it opens.
 */
export function CodeImage(props: {
  src: string;
  alt: string;
  className: string;
  onOpen(target: MiniProgramTarget): void;
}) {
  const { t, i18n } = useTranslation();
  const [sheet, setSheet] = useState<'closed' | 'open' | 'resolving'>('closed');
  const [answer, setAnswer] = useState<string | undefined>();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const cancelPress = () => clearTimeout(timer.current);
  const offer = () => {
    setAnswer(undefined);
    setSheet('open');
  };

  async function recognise() {
    setSheet('resolving');
    try {
      const image = await fetch(props.src, { credentials: 'same-origin' }).then((r) => r.blob());
      const { data, error } = await api.POST('/api/v1/scan', {
        body: { image: await fileAsBase64(image), source: 'long_press' },
      });
      if (!data) {
        const failure = errorOf(error);
        setAnswer(i18n.language === 'zh-CN' && failure.messageZh ? failure.messageZh : failure.message);
      } else {
        const target = targetOf(data);
        if (target) {
          setSheet('closed');
          props.onOpen(target);
          return;
        }
        setAnswer(
          data.action === 'open_web' && data.url
            ? `${t('scan.webPage')} ${data.url}`
            : `${t('scan.text')} ${data.text ?? ''}`,
        );
      }
    } catch {
      setAnswer(t('errors.network'));
    }
    setSheet('open');
  }

  return (
    <>
      <img
        className={props.className}
        alt={props.alt}
        src={props.src}
        onContextMenu={(event) => {
          event.preventDefault();
          offer();
        }}
        onPointerDown={() => {
          cancelPress();
          timer.current = setTimeout(offer, LONG_PRESS_MS);
        }}
        onPointerUp={cancelPress}
        onPointerLeave={cancelPress}
      />
      {sheet !== 'closed' && (
        <div className="consent-sheet code-sheet" role="dialog" aria-label={t('scan.recognise')}>
          {answer && <p role="status">{answer}</p>}
          <div className="consent-actions">
            <button type="button" onClick={() => setSheet('closed')}>
              {t('mpMessages.cancel')}
            </button>
            <button
              type="button"
              className="primary"
              disabled={sheet === 'resolving'}
              onClick={() => void recognise()}
            >
              {sheet === 'resolving' ? t('scan.resolving') : t('scan.recognise')}
            </button>
          </div>
        </div>
      )}
    </>
  );
}
