import { lazy, Suspense, useEffect, useState } from 'react';
import { live } from './api/live';
import { faDigits } from './lib/format';
import { match, navigate, usePath } from './lib/router';
import { Chats } from './screens/chats/Chats';
import { OpenLink } from './screens/reach/OpenLink';
import { ChatContext, useChat, useChatStore } from './store/chat-context';
import { ChatStore } from './store/chat-store';
import { Icon, IconName } from './ui/icons';

// Each section is its own chunk, fetched when first opened (the chats come with the shell).
const Wallet = lazy(() => import('./screens/Wallet').then((m) => ({ default: m.Wallet })));
const Bills = lazy(() => import('./screens/bills/Bills').then((m) => ({ default: m.Bills })));
const News = lazy(() => import('./screens/news/News').then((m) => ({ default: m.News })));
const Settings = lazy(() => import('./screens/Settings').then((m) => ({ default: m.Settings })));

/** The app for a signed-in person: a chunk of its own, so the sign-in screen loads none of it. */
export default function SignedIn({ userId }: { userId: string }) {
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
        <Suspense fallback={<div className="empty">در حال بارگذاری…</div>}>
          {link && <OpenLink key={path} path={path} />}
          {!link && section === '/chats' && <Chats openId={chat?.id ?? null} />}
          {section === '/wallet' && <Wallet />}
          {section === '/bills' && <Bills />}
          {section === '/news' && <News path={path} />}
          {section === '/settings' && <Settings />}
        </Suspense>
      </main>
    </div>
  );
}
