import { createContext, useContext } from 'react';
import type { User } from '../lib/api';

export interface Session {
  user: User;
  /** Re-reads `/me` (after a role change, a sign-in in the expiry dialog). */
  refresh(): Promise<void>;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside the signed-in layout');
  return session;
}
