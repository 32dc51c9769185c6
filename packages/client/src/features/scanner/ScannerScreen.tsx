import { type ChangeEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorOf, type ScanAction } from '../../lib/api';
import type { MiniProgramTarget } from '../container/target';
import { fileAsBase64, watchCamera } from './camera-decoder';

type Source = 'camera' | 'long_press' | 'album';
type State =
  | { step: 'scanning' }
  | { step: 'resolving' }
  | { step: 'web'; url: string }
  | { step: 'text'; text: string }
  | { step: 'failed'; message: string };

/** The pagepath a scan result opens: its path with the query as WeChat hands it over. */
export function targetOf(action: ScanAction): MiniProgramTarget | undefined {
  if (action.action !== 'open_miniprogram' || !action.appid || !action.scene) return undefined;
  const query = new URLSearchParams(action.query ?? {}).toString();
  return {
    appid: action.appid,
    pagepath: `${action.path ?? ''}${query ? `?${query}` : ''}`,
    scene: action.scene,
    ...(action.version && action.version !== 'release'
      ? { version: action.version as 'trial' | 'develop' }
      : {}),
  };
}

/**
 * 扫一扫: the camera (jsQR on its frames), an image from the album, or a link handed over by a
 * code's landing page; the server's scan resolver says what the code opens.
 */
export function ScannerScreen(props: {
  handedText?: string;
  onBack(): void;
  onOpen(target: MiniProgramTarget): void;
}) {
  const { t, i18n } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<State>({ step: 'scanning' });
  const [camera, setCamera] = useState<'starting' | 'unavailable' | 'denied'>('starting');
  const { onOpen } = props;

  const answer = useCallback(
    async (body: { text: string } | { image: string }, source: Source) => {
      setState({ step: 'resolving' });
      const { data, error } = await api.POST('/api/v1/scan', { body: { ...body, source } });
      if (!data) {
        const failure = errorOf(error);
        setState({
          step: 'failed',
          message: i18n.language === 'zh-CN' && failure.messageZh ? failure.messageZh : failure.message,
        });
        return;
      }
      const target = targetOf(data);
      if (target) onOpen(target);
      else if (data.action === 'open_web' && data.url) setState({ step: 'web', url: data.url });
      else setState({ step: 'text', text: data.text ?? '' });
    },
    [i18n, onOpen],
  );

  // A link handed over by a code's landing page is resolved once, as a camera scan of it.
  const [handed, setHanded] = useState(props.handedText);
  useEffect(() => {
    if (!handed) return;
    void answer({ text: handed }, 'camera');
    setHanded(undefined);
  }, [handed, answer]);

  useEffect(() => {
    if (handed || state.step !== 'scanning' || !video.current) return;
    setCamera('starting');
    return watchCamera(video.current, (text) => void answer({ text }, 'camera'), setCamera);
  }, [handed, state.step, answer]);

  async function fromAlbum(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) await answer({ image: await fileAsBase64(file) }, 'album');
  }

  const again = () => setState({ step: 'scanning' });

  return (
    <section className="screen scanner">
      <header className="top-bar">
        <button type="button" onClick={props.onBack}>
          {t('conversation.back')}
        </button>
        <h1>{t('scan.title')}</h1>
        <label className="scan-album">
          {t('scan.album')}
          <input type="file" accept="image/png,image/jpeg" onChange={(e) => void fromAlbum(e)} hidden />
        </label>
      </header>
      <div className="scan-view">
        <video ref={video} className="scan-video" muted playsInline hidden={state.step !== 'scanning'} />
        {state.step === 'scanning' && camera !== 'starting' && (
          <p className="scan-note" role="status">
            {t(camera === 'denied' ? 'scan.denied' : 'scan.noCamera')}
          </p>
        )}
        {state.step === 'scanning' && <p className="scan-hint">{t('scan.hint')}</p>}
        {state.step === 'resolving' && <p className="scan-note">{t('scan.resolving')}</p>}
        {state.step === 'web' && (
          <div className="scan-result">
            <p>{t('scan.webPage')}</p>
            <a href={state.url} target="_blank" rel="noopener noreferrer">
              {state.url}
            </a>
          </div>
        )}
        {state.step === 'text' && (
          <div className="scan-result">
            <p>{t('scan.text')}</p>
            <pre>{state.text}</pre>
          </div>
        )}
        {state.step === 'failed' && (
          <p className="scan-result" role="alert">
            {state.message}
          </p>
        )}
        {state.step !== 'scanning' && state.step !== 'resolving' && (
          <button type="button" className="scan-again" onClick={again}>
            {t('scan.again')}
          </button>
        )}
      </div>
    </section>
  );
}
