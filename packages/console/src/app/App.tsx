import { useCallback, useEffect, useMemo, useState } from 'react';
import { SignInForm } from '../features/auth/SignInForm';
import { api, onSessionExpired, setCsrfToken, type User } from '../lib/api';
import { match, navigate, usePath } from '../lib/router';
import { Layout } from './Layout';
import { PUBLIC_ROUTES } from './routes';
import { type Session, SessionContext } from './session';

/**
 * Signed in (the session cookie, checked with `/me`) or the sign-in screen. When a request answers
 * 401 mid-work, a sign-in dialog covers the page instead of replacing it, so a half-filled form
 * keeps what was typed.
 */
export function App() {
  const path = usePath();
  const [user, setUser] = useState<User | null | undefined>();
  const [expired, setExpired] = useState(false);

  const refresh = useCallback(async () => {
    const { data } = await api.GET('/api/v1/me').catch(() => ({ data: undefined }));
    setCsrfToken(data?.csrfToken);
    setUser(data?.user ?? null);
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEffect(() => onSessionExpired(() => setExpired(true)), []);

  const session = useMemo<Session | undefined>(
    () =>
      user
        ? {
            user,
            refresh,
            async signOut() {
              await api.POST('/api/v1/auth/signout');
              setCsrfToken(undefined);
              setUser(null);
              navigate('/');
            },
          }
        : undefined,
    [user, refresh],
  );

  for (const route of PUBLIC_ROUTES) {
    const params = match(route.path, path);
    if (params) return <main className="public">{route.page(params)}</main>;
  }
  if (user === undefined) return null;
  if (!session)
    return (
      <main className="public">
        <SignInForm
          onSignedIn={(signedIn) => {
            setUser(signedIn);
            setExpired(false);
          }}
        />
      </main>
    );
  return (
    <SessionContext.Provider value={session}>
      <Layout path={path} />
      {expired && (
        <div className="dialog-backdrop">
          <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="expired-title">
            <SignInForm
              expired
              email={user?.email}
              onSignedIn={(signedIn) => {
                setExpired(false);
                // Another account: nothing on this page is theirs.
                if (signedIn.id !== user?.id) navigate('/');
                setUser(signedIn);
              }}
            />
          </div>
        </div>
      )}
    </SessionContext.Provider>
  );
}
