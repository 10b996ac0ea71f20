import { lazy, Suspense, useSyncExternalStore } from 'react';
import { auth } from './api/auth';
import { SignIn } from './screens/SignIn';
import { Toaster } from './ui/kit';

/** Everything past sign-in (the chats, the live socket, every section) loads only once someone is signed in. */
const SignedIn = lazy(() => import('./SignedIn'));

export function App() {
  const userId = useSyncExternalStore(auth.subscribe, auth.getSnapshot);
  return (
    <>
      {userId ? (
        <Suspense fallback={<div className="empty">در حال بارگذاری…</div>}>
          <SignedIn key={userId} userId={userId} />
        </Suspense>
      ) : (
        <SignIn />
      )}
      <Toaster />
    </>
  );
}
