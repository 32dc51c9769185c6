import { type ReactNode, useCallback, useRef, useState } from 'react';
import type { EndUser } from '../../lib/api';
import { type EnterOptions, MiniProgramPanel } from './MiniProgramPanel';
import type { MiniProgramTarget } from './target';

/** Mini programs kept running in the background, as WeChat keeps a few; the oldest goes first. */
export const MAX_ALIVE = 3;

interface Session {
  key: string;
  target: MiniProgramTarget;
  /** The session whose `wx.navigateToMiniProgram` opened this one (where `navigateBackMiniProgram` returns). */
  opener?: string;
  /** Bumped each time the session comes to the front again. */
  showToken: number;
  /** When it last came to the front (a counter): the smallest is dropped past MAX_ALIVE. */
  usedAt: number;
  /** What `App.onShow` hears when it does, when not the target's own path and scene. */
  enter?: EnterOptions;
}

const keyOf = (target: MiniProgramTarget) => `${target.appid}:${target.version ?? 'release'}`;

/**
 * The client's mini programs: one in front (or none), a few more alive in the background
 * (`onHide` when sent there, `onShow` when they return), and the links
 * `navigateToMiniProgram` (1037) / `navigateBackMiniProgram` (1038) between them.
 */
export function useMiniProgramStack(user: EndUser): {
  open(target: MiniProgramTarget): void;
  view: ReactNode;
} {
  const [sessions, setSessions] = useState<Session[]>([]);
  const [front, setFront] = useState<string | undefined>();
  const current = useRef(sessions);
  current.current = sessions;

  const uses = useRef(0);

  // Sessions keep their place in the list: moving an iframe in the DOM would reload it.
  const bringToFront = useCallback((session: Omit<Session, 'showToken' | 'usedAt'>) => {
    uses.current += 1;
    const usedAt = uses.current;
    setSessions((old) => {
      const found = old.find((s) => s.key === session.key);
      if (found)
        return old.map((s) => (s === found ? { ...session, showToken: s.showToken + 1, usedAt } : s));
      const kept =
        old.length < MAX_ALIVE
          ? old
          : old.filter((s) => s !== old.reduce((oldest, s) => (s.usedAt < oldest.usedAt ? s : oldest)));
      return [...kept, { ...session, showToken: 1, usedAt }];
    });
    setFront(session.key);
  }, []);

  const open = useCallback(
    (target: MiniProgramTarget, opener?: string) => bringToFront({ key: keyOf(target), target, opener }),
    [bringToFront],
  );

  const back = useCallback(
    (from: string, extraData: Record<string, unknown>) => {
      const leaving = current.current.find((s) => s.key === from);
      const opener = current.current.find((s) => s.key === leaving?.opener);
      if (!leaving || !opener) throw new Error('navigateBackMiniProgram:fail no mini program to go back to');
      bringToFront({
        ...opener,
        enter: { scene: 1038, referrerInfo: { appId: leaving.target.appid, extraData } },
      });
    },
    [bringToFront],
  );

  const view = sessions.map((session) => (
    <MiniProgramPanel
      key={session.key}
      target={session.target}
      user={user}
      visible={front === session.key}
      showToken={session.showToken}
      enter={session.enter}
      onClose={() => setFront(undefined)}
      onNavigate={(target) => open(target, session.key)}
      onNavigateBack={(extraData) => back(session.key, extraData)}
    />
  ));
  return { open, view };
}
