import { useEffect, useState, useSyncExternalStore } from 'react';
import { auth } from './api/auth';
import { live } from './api/live';
import { faDigits } from './lib/format';
import { match, navigate, usePath } from './lib/router';
import { Chats } from './screens/chats/Chats';
import { Bills } from './screens/bills/Bills';
import { News } from './screens/news/News';
import { OpenLink } from './screens/reach/OpenLink';
import { Settings } from './screens/Settings';
import { SignIn } from './screens/SignIn';
import { Wallet } from './screens/Wallet';
import { ChatContext, useChat, useChatStore } from './store/chat-context';
import { ChatStore } from './store/chat-store';
import { Icon, IconName } from './ui/icons';
import { Toaster } from './ui/kit';

export function App() {
  const userId = useSyncExternalStore(auth.subscribe, auth.getSnapshot);
  return (
    <>
      {userId ? <SignedIn key={userId} userId={userId} /> : <SignIn />}
      <Toaster />
    </>
  );
}

function SignedIn({ userId }: { userId: string }) {
  const [store] = useState(() => new ChatStore(userId));
  useEffect(() => {
    live.start();
    void store.start();
    return () => {
      store.stop();
      live.stop();
    };
  }, [store]);
  return (
    <ChatContext.Provider value={store}>
      <Shell />
    </ChatContext.Provider>
  );
}

const SECTIONS: { path: string; label: string; icon: IconName }[] = [
  { path: '/chats', label: 'گفتگوها', icon: 'chats' },
  { path: '/wallet', label: 'کیف پول', icon: 'wallet' },
  { path: '/bills', label: 'قبض', icon: 'bill' },
  { path: '/news', label: 'اخبار', icon: 'news' },
  { path: '/settings', label: 'تنظیمات', icon: 'settings' },
];

function Shell() {
  const path = usePath();
  const store = useChatStore();
  useChat(store);
  // Back from the bank's page (its result page links to /): show the wallet and how the top-up went.
  useEffect(() => {
    if (path === '/' || path === '') navigate(sessionStorage.getItem('superapp.pendingTopUp') ? '/wallet' : '/chats', true);
  }, [path]);
  const chat = match('/chats/:id', path);
  const link = path.startsWith('/@') || path.startsWith('/join/');
  const section = SECTIONS.find((s) => path === s.path || path.startsWith(`${s.path}/`))?.path ?? '/chats';
  const unread = store.totalUnread();
  return (
    <div className={`shell${chat ? ' in-chat' : ''}`}>
      <nav className="rail" aria-label="بخش‌ها">
        {SECTIONS.map((s) => (
          <a
            key={s.path}
            href={s.path}
            className="nav-item"
            aria-current={section === s.path ? 'page' : undefined}
            onClick={(e) => {
              e.preventDefault();
              navigate(s.path);
            }}
          >
            <Icon name={s.icon} />
            <span>{s.label}</span>
            {s.path === '/chats' && unread > 0 && (
              <span className="badge" aria-label={`${faDigits(unread)} پیام نخوانده`}>
                {faDigits(unread)}
              </span>
            )}
          </a>
        ))}
      </nav>
      <main className={`main${chat || match('/news/c/:handle', path) || path === '/news/feed' ? ' has-detail' : ''}`}>
        {link && <OpenLink key={path} path={path} />}
        {!link && section === '/chats' && <Chats openId={chat?.id ?? null} />}
        {section === '/wallet' && <Wallet />}
        {section === '/bills' && <Bills />}
        {section === '/news' && <News path={path} />}
        {section === '/settings' && <Settings />}
      </main>
    </div>
  );
}
