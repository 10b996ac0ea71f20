import { useEffect, useState, useSyncExternalStore } from 'react';
import { request } from '../../api/client';
import { describeError } from '../../api/errors';
import { live } from '../../api/live';
import { faDigits, formatListTime } from '../../lib/format';
import { useMoneyUnit } from '../../lib/prefs';
import { navigate } from '../../lib/router';
import type { MessageFieldsFragment, UserFieldsFragment } from '../../gql/graphql';
import { SearchUsers } from '../../ops/accounts';
import { SearchMessages } from '../../ops/messaging';
import { StartDirect } from '../../ops/messaging-mutations';
import { useChat, useChatStore } from '../../store/chat-context';
import type { Conv } from '../../store/chat-types';
import { Icon } from '../../ui/icons';
import { Avatar, ErrorText, IconButton, toast } from '../../ui/kit';
import { NewChatDialog, NewGroupDialog } from './NewChat';
import { previewOf } from './preview';

export function ConnectionStatus() {
  const status = useSyncExternalStore(live.subscribeStatus, live.getStatus);
  if (status === 'online') return null;
  return (
    <div className="conn-banner" role="status">
      {/* As messengers word it: no network at all, or a network but no server yet. */}
      {status === 'offline' && !navigator.onLine ? 'در انتظار شبکه…' : 'در حال اتصال…'}
    </div>
  );
}

export function ChatList({ openId }: { openId: string | null }) {
  const store = useChatStore();
  useChat(store);
  const [query, setQuery] = useState('');
  const [dialog, setDialog] = useState<'direct' | 'group' | null>(null);
  const convs = store.sorted();
  return (
    <section className="pane-list" aria-label="فهرست گفتگوها" style={{ position: 'relative' }}>
      <header className="topbar">
        <h1 className="grow">گفتگوها</h1>
        <IconButton icon="person" label="گفتگوی تازه" onClick={() => setDialog('direct')} />
        <IconButton icon="group" label="گروه تازه" onClick={() => setDialog('group')} />
      </header>
      <ConnectionStatus />
      <div className="search-box" role="search">
        <label className="sr-only" htmlFor="chat-search">
          جستجو در گفتگوها، افراد و پیام‌ها
        </label>
        <input
          id="chat-search"
          className="input"
          type="search"
          placeholder="جستجو"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      {query.trim() ? (
        <SearchResults query={query.trim()} convs={convs} />
      ) : (
        <ul className="list" aria-label="گفتگوها">
          {!store.ready && !store.failed && <li className="empty">در حال بارگذاری…</li>}
          {store.failed && <li className="empty">گفتگوها بارگذاری نشد. اتصال را بررسی کنید.</li>}
          {store.ready && convs.length === 0 && (
            <li className="empty stack" style={{ alignItems: 'center' }}>
              <span>هنوز گفتگویی ندارید.</span>
              <button type="button" className="btn" onClick={() => setDialog('direct')}>
                شروع گفتگوی تازه
              </button>
            </li>
          )}
          {convs.map((c) => (
            <ConversationRow key={c.id} c={c} current={c.id === openId} />
          ))}
        </ul>
      )}
      <button className="fab show-phone" aria-label="گفتگوی تازه" onClick={() => setDialog('direct')}>
        <Icon name="plus" />
      </button>
      {dialog === 'direct' && <NewChatDialog onClose={() => setDialog(null)} />}
      {dialog === 'group' && <NewGroupDialog onClose={() => setDialog(null)} />}
    </section>
  );
}

function ConversationRow({ c, current }: { c: Conv; current: boolean }) {
  const store = useChatStore();
  const unit = useMoneyUnit();
  const sender = c.kind === 'GROUP' && c.lastMessage?.sender;
  return (
    <li>
      <a
        href={`/chats/${c.id}`}
        className="list-item"
        aria-current={current ? 'true' : undefined}
        onClick={(e) => {
          e.preventDefault();
          navigate(`/chats/${c.id}`);
        }}
      >
        <Avatar id={c.id} name={c.title} />
        <div className="grow">
          <div className="row">
            <span className="title grow ellipsis" dir="auto">
              {c.kind === 'GROUP' && '👥 '}
              {c.title}
            </span>
            {c.lastMessage && (
              <time className="time" dateTime={c.lastMessage.createdAt}>
                {formatListTime(c.lastMessage.createdAt)}
              </time>
            )}
          </div>
          <div className="row">
            <span className="preview grow ellipsis" dir="auto">
              {c.lastMessage
                ? `${sender ? `${sender.id === store.me ? 'شما' : sender.displayName}: ` : ''}${previewOf(c.lastMessage, unit)}`
                : 'گفتگو ساخته شد'}
            </span>
            {c.unreadMentionCount > 0 && (
              <span className="badge mention-badge" aria-label={`${faDigits(c.unreadMentionCount)} اشاره به شما`}>
                @
              </span>
            )}
            {c.unreadCount > 0 && (
              <span className={`badge${c.muted ? ' muted-badge' : ''}`} aria-label={`${faDigits(c.unreadCount)} نخوانده`}>
                {faDigits(c.unreadCount)}
              </span>
            )}
          </div>
        </div>
      </a>
    </li>
  );
}

/** People and messages that match, from the server, a moment after the person stops typing. */
function useSearch(query: string) {
  const store = useChatStore();
  const [users, setUsers] = useState<UserFieldsFragment[]>([]);
  const [messages, setMessages] = useState<MessageFieldsFragment[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      Promise.all([request(SearchUsers, { query }), request(SearchMessages, { query, conversationId: null, after: null })]).then(
        ([u, m]) => {
          if (live) {
            setUsers(u.searchUsers.filter((x) => x.id !== store.me));
            setMessages(m.searchMessages.edges.map((e) => e.node));
            setError(null);
          }
        },
        (err) => live && setError(describeError(err)),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [query, store.me]);
  return { users, messages, error };
}

function SearchResults({ query, convs }: { query: string; convs: Conv[] }) {
  const store = useChatStore();
  const unit = useMoneyUnit();
  const { users, messages, error } = useSearch(query);
  const folded = query.toLowerCase();
  const local = convs.filter((c) => c.title.toLowerCase().includes(folded));
  const openUser = async (id: string) => {
    try {
      const r = await request(StartDirect, { userId: id });
      store.upsertConversation(r.startDirectConversation);
      navigate(`/chats/${r.startDirectConversation.id}`);
    } catch (err) {
      toast(describeError(err));
    }
  };
  const convTitle = (id: string) => store.convs.get(id)?.title ?? '';
  return (
    <div className="list" aria-live="polite">
      <ErrorText error={error} />
      {local.length > 0 && <h2 className="section-title">گفتگوها</h2>}
      {local.map((c) => (
        <button key={c.id} className="list-item" onClick={() => navigate(`/chats/${c.id}`)}>
          <Avatar id={c.id} name={c.title} small />
          <span className="title grow ellipsis" dir="auto">
            {c.title}
          </span>
        </button>
      ))}
      {users.length > 0 && <h2 className="section-title">افراد</h2>}
      {users.map((u) => (
        <button key={u.id} className="list-item" onClick={() => void openUser(u.id)}>
          <Avatar id={u.id} name={u.displayName} small />
          <div className="grow">
            <div className="title ellipsis" dir="auto">
              {u.displayName}
            </div>
            {u.username && (
              <div className="preview ltr" style={{ textAlign: 'end' }}>
                @{u.username}
              </div>
            )}
          </div>
        </button>
      ))}
      {messages.length > 0 && <h2 className="section-title">پیام‌ها</h2>}
      {messages.map((m) => (
        <button key={m.id} className="list-item" onClick={() => navigate(`/chats/${m.conversationId}?seq=${m.seq}`)}>
          <Avatar id={m.conversationId} name={convTitle(m.conversationId) || '?'} small />
          <div className="grow">
            <div className="row">
              <span className="title grow ellipsis" dir="auto">
                {convTitle(m.conversationId)}
              </span>
              <time className="time">{formatListTime(m.createdAt)}</time>
            </div>
            <div className="preview ellipsis" dir="auto">
              {m.sender?.displayName}: {previewOf(m, unit)}
            </div>
          </div>
        </button>
      ))}
      {!error && !local.length && !users.length && !messages.length && <p className="empty">نتیجه‌ای پیدا نشد.</p>}
    </div>
  );
}
