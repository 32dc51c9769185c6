import {
  type LaunchOptions,
  type MiniProgramHandle,
  type MountOptions,
  mountMiniProgram,
} from '@wharf/runtime/host';
import type { TFunction } from 'i18next';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type EndUser, errorOf } from '../../lib/api';
import { requestShare, shareServices } from '../chats/share-requests';
import { rememberMiniProgram } from '../discover/recent';
import { ConsentSheet } from '../mp-messages/ConsentSheet';
import { CustomerServiceScreen } from '../mp-messages/CustomerServiceScreen';
import { type ConsentRequest, mpMessageServices } from '../mp-messages/mp-services';
import { launchAnswer } from './launch-answers';
import { loginServices, type ProfileRequest } from './login-services';
import { officialAccountServices } from './official-account-services';
import { ProfileSheet } from './ProfileSheet';
import { stillOpen } from './still-open';
import { type MiniProgramTarget, splitPagepath } from './target';

type Status = { state: 'loading' } | { state: 'open'; name: string } | { state: 'failed'; reason: string };

/** What a mini program returning to the front hears in `App.onShow`. */
export type EnterOptions = Partial<LaunchOptions> & { scene: number };

/** What the server refused, as it says it in the user's language; undefined when no refusal (a network fault). */
function refusalOf(error: unknown, t: TFunction, language: string): string | undefined {
  const failure = errorOf(error);
  if (failure.code === 'not_found') return t('miniProgram.notReleased');
  // A trial opened by someone who is no tester, an app out of service (closed by its admin,
  // banned): the server says so.
  if (['trial_not_tester', 'mini_program_closed', 'mini_program_banned'].includes(failure.code))
    return (language === 'zh-CN' && failure.messageZh) || failure.message;
  return undefined;
}

/**
 * A phone-like screen running one mini program in the runtime's sandboxed frame, with WeChat's
 * capsule (more / close) at the top right.
 */
export function MiniProgramPanel(props: {
  target: MiniProgramTarget;
  user: EndUser;
  /** In front; otherwise kept running in the background (hidden, `onHide`). */
  visible: boolean;
  /** Changes each time the mini program is brought to the front again. */
  showToken: number;
  /** What `App.onShow` hears then, when not the target's own path and scene. */
  enter?: EnterOptions;
  /** The capsule's close: to the background, as WeChat does. */
  onClose(): void;
  onNavigate(target: MiniProgramTarget): void;
  onNavigateBack(extraData: Record<string, unknown>): void;
}) {
  const { t, i18n } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const handleRef = useRef<MiniProgramHandle | undefined>(undefined);
  const [status, setStatus] = useState<Status>({ state: 'loading' });
  // A new mount (a cold start at the target) when a card names another page than the one open.
  const [mountId, setMountId] = useState(0);
  const [consent, setConsent] = useState<ConsentRequest | undefined>();
  const [profile, setProfile] = useState<ProfileRequest | undefined>();
  const [contact, setContact] = useState(false);
  const { user, visible, showToken } = props;
  const latest = useRef(props);
  latest.current = props;
  const words = useRef({ t, language: i18n.language });
  words.current = { t, language: i18n.language };

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new mountId asks for a fresh mount
  useEffect(() => {
    const { target, onNavigate, onNavigateBack, onClose: onExit } = latest.current;
    let handle: MiniProgramHandle | undefined;
    let cancelled = false;
    const { path, query } = splitPagepath(target.pagepath);
    void (async () => {
      const { data, error } = await launchAnswer(target.appid, target.pagepath, target.version);
      if (cancelled) return;
      if (!data) {
        setStatus({ state: 'failed', reason: refusalOf(error, t, i18n.language) ?? t('errors.network') });
        return;
      }
      if (path && !data.pages.includes(path)) {
        setStatus({ state: 'failed', reason: t('miniProgram.pageMissing') });
        return;
      }
      if (!host.current) return;
      handle = mountMiniProgram(host.current, {
        appid: data.appid,
        envVersion: target.version ?? 'release',
        packageBase: data.packageBase,
        // Another origin than ours (the server's runtime listener): the frame cannot reach our cookies or storage.
        runtimeBase: data.runtimeBase,
        // Answered inline by the launch API: the runtime need not fetch it again.
        ...(data.manifest ? { manifest: data.manifest as MountOptions['manifest'] } : {}),
        userId: user.id,
        launch: {
          path,
          query,
          scene: target.scene,
          ...(target.referrerInfo ? { referrerInfo: target.referrerInfo } : {}),
          ...(target.shareTicket ? { shareTicket: target.shareTicket } : {}),
        },
        requestDomains: data.requestDomains,
        webviewDomains: data.webviewDomains,
        socketDomains: data.socketDomains,
        uploadDomains: data.uploadDomains,
        downloadDomains: data.downloadDomains,
        system: { language: document.documentElement.lang === 'en' ? 'en' : 'zh_CN' },
        services: {
          navigateToMiniProgram: async (_ctx, request) =>
            onNavigate({
              appid: request.appId,
              pagepath: request.path,
              scene: 1037,
              referrerInfo: { appId: data.appid, extraData: request.extraData },
              ...(request.envVersion === 'trial' || request.envVersion === 'develop'
                ? { version: request.envVersion }
                : {}),
            }),
          navigateBackMiniProgram: async (_ctx, request) => onNavigateBack(request.extraData),
          exitMiniProgram: async () => onExit(),
          log: (entry) => {
            if (entry.level === 'error') console.error(`[${entry.appid}] ${entry.message}`);
          },
          ...loginServices({
            askProfile: (request) => new Promise<boolean>((answer) => setProfile({ ...request, answer })),
          }),
          ...shareServices(),
          ...officialAccountServices(),
          ...mpMessageServices({ askConsent: setConsent, openContact: () => setContact(true) }),
        },
      });
      handleRef.current = handle;
      setStatus({ state: 'open', name: data.name ?? data.appid });
      rememberMiniProgram(user.id, { appid: data.appid, name: data.name ?? data.appid });
      handle.ready.then(
        // A User Timing mark of the first page painted (read by bench/client-tap-to-paint.ts).
        ({ route }) =>
          performance.mark('wharf:mini-program-painted', { detail: { appid: data.appid, route } }),
        (failure: Error) => {
          if (!cancelled) setStatus({ state: 'failed', reason: failure.message });
        },
      );
    })();
    return () => {
      cancelled = true;
      handle?.destroy();
      handleRef.current = undefined;
    };
  }, [mountId, user, t, i18n]);

  // Back to the front: `onShow` with the enter options, or a cold start when a card names another page.
  const shown = useRef(showToken);
  useEffect(() => {
    if (shown.current === showToken) return;
    shown.current = showToken;
    const handle = handleRef.current;
    const { target, enter } = latest.current;
    const { path, query } = splitPagepath(target.pagepath);
    if (!enter && (!handle || (path && path !== handle.stack.at(-1)))) {
      setStatus({ state: 'loading' });
      setMountId((n) => n + 1);
      return;
    }
    if (!handle) return;
    let superseded = false;
    // Closed, banned, withdrawn or deleted while in the background: one small question first,
    // and the frame goes with the refusal a fresh launch would meet.
    void stillOpen(target).then((refused) => {
      if (superseded || handleRef.current !== handle) return;
      const reason = refused ? refusalOf(refused, words.current.t, words.current.language) : undefined;
      if (reason) {
        handle.destroy();
        handleRef.current = undefined;
        setStatus({ state: 'failed', reason });
        return;
      }
      handle.show(
        enter ?? {
          path: path || undefined,
          query,
          scene: target.scene,
          referrerInfo: target.referrerInfo,
          shareTicket: target.shareTicket,
        },
      );
    });
    return () => {
      superseded = true;
    };
  }, [showToken]);

  // To the background: `onHide` (the frame keeps running, hidden).
  const wasVisible = useRef(visible);
  useEffect(() => {
    if (wasVisible.current && !visible) handleRef.current?.hide();
    wasVisible.current = visible;
  }, [visible]);

  const { target } = props;

  return (
    <div className="mp-overlay" role="dialog" aria-label={t('conversation.miniProgram')} hidden={!visible}>
      <div className="mp-phone" data-appid={target.appid} data-scene={target.scene}>
        <div className="mp-capsule">
          <button
            type="button"
            className="mp-capsule-more"
            aria-label={t('miniProgram.more')}
            onClick={() =>
              void handleRef.current
                ?.requestShare()
                .then((share) => requestShare({ appid: target.appid, share }))
            }
          >
            ···
          </button>
          <span className="mp-capsule-divider" />
          <button
            type="button"
            className="mp-capsule-close"
            aria-label={t('miniProgram.close')}
            onClick={props.onClose}
          >
            <span className="mp-capsule-ring" />
          </button>
        </div>
        {status.state === 'loading' && <div className="mp-status">{t('miniProgram.loading')}</div>}
        {status.state === 'failed' && (
          <div className="mp-status mp-failed" role="alert">
            <p>{t('miniProgram.unavailable', { reason: status.reason })}</p>
            {target.fallbackUrl && (
              <a href={target.fallbackUrl} target="_blank" rel="noopener noreferrer">
                {t('miniProgram.fallback')}
              </a>
            )}
          </div>
        )}
        <div ref={host} className="mp-host" hidden={status.state === 'failed'} />
        {consent && (
          <ConsentSheet
            name={status.state === 'open' ? status.name : target.appid}
            request={consent}
            onDone={() => setConsent(undefined)}
          />
        )}
        {profile && (
          <ProfileSheet
            name={status.state === 'open' ? status.name : target.appid}
            user={user}
            request={profile}
            onDone={() => setProfile(undefined)}
          />
        )}
        {contact && (
          <CustomerServiceScreen
            appid={target.appid}
            name={status.state === 'open' ? status.name : target.appid}
            onBack={() => setContact(false)}
            onOpen={(next) => props.onNavigate(next)}
          />
        )}
      </div>
    </div>
  );
}
