import { useEffect, useState } from 'react';
import { AuthScreen } from '../features/auth/AuthScreen';
import { preloadRuntime } from '../features/container/preload';
import { api, type EndUser, setCsrfToken } from '../lib/api';
import { Home } from './Home';

/** Signed in (the session cookie, checked with `client/me`) or the sign-in screen. */
export function App() {
  const [user, setUser] = useState<EndUser | null | undefined>();
  useEffect(() => {
    // While the session is checked (and the user signs in), the runtime frame boots.
    preloadRuntime();
    void api.GET('/api/v1/client/me').then(
      ({ data }) => {
        setCsrfToken(data?.csrfToken);
        setUser(data?.user ?? null);
      },
      () => setUser(null),
    );
  }, []);
  if (user === undefined) return null;
  if (user === null) return <AuthScreen onSignedIn={setUser} />;
  return (
    <Home
      key={user.id}
      user={user}
      onSignOut={() => {
        setCsrfToken(undefined);
        setUser(null);
      }}
    />
  );
}
