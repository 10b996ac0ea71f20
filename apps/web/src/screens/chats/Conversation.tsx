import { Fragment, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useChat, useChatStore } from '../../store/chat-context';
import { request } from '../../api/client';
import { describeError } from '../../api/errors';
import { live } from '../../api/live';
import { useQuery } from '../../api/use-query';
import type { Msg } from '../../store/chat-types';
import { faDigits, formatDayLabel, formatLastSeen } from '../../lib/format';
import { newId } from '../../lib/ids';
import { useMoneyUnit } from '../../lib/prefs';
import { navigate, useSearchParam } from '../../lib/router';
import { ConversationMembers, ForwardMessage, ReactToMessage, TypingLive } from '../../ops/messaging';
import { Avatar, IconButton, toast } from '../../ui/kit';
import { ConnectionStatus } from './ChatList';
import { DeleteDialog, GroupInfo, InChatSearch, SendMoneyDialog } from './ChatDialogs';
import { Composer } from './Composer';
import { MessageBubble, PendingBubble, type BubbleActions } from './MessageBubble';
import { ConversationPicker } from './Pickers';

type Dialog = { kind: 'info' } | { kind: 'money' } | { kind: 'search' } | { kind: 'forward'; m: Msg } | { kind: 'delete'; m: Msg } | null;

export function Conversation({ id }: { id: string }) {
  const store = useChatStore();
  useChat(store);
  const unit = useMoneyUnit();
  const conv = store.convs.get(id);
  const thread = store.threads.get(id);
  const members = useQuery(ConversationMembers, { id, after: null });
  const [replyTo, setReplyTo] = useState<Msg | null>(null);
  const [editing, setEditing] = useState<Msg | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [highlight, setHighlight] = useState<number | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const restore = useRef<{ height: number; top: number } | null>(null);
  const seqParam = useSearchParam('seq');

  useEffect(() => {
    if (!store.convs.has(id) && store.ready) store.refreshConversation(id).catch((e) => setLoadError(describeError(e)));
    store.loadThread(id).catch((e) => setLoadError(describeError(e)));
  }, [store, id, store.ready]);

  useEffect(
    () =>
      live.subscribe(
        TypingLive,
        () => ({ id }),
        (d) => store.setTyping(id, d.typing.user.id, d.typing.user.displayName),
      ),
    [store, id],
  );

  useEffect(() => {
    const seen = () => store.scheduleRead();
    document.addEventListener('visibilitychange', seen);
    window.addEventListener('focus', seen);
    return () => {
      document.removeEventListener('visibilitychange', seen);
      window.removeEventListener('focus', seen);
    };
  }, [store]);

  const seqs = thread ? [...thread.bySeq.keys()].sort((a, b) => a - b) : [];
  const pending = store.outbox.list(id);
  const newest = seqs[seqs.length - 1] ?? 0;

  useEffect(() => {
    if (newest) store.scheduleRead();
  }, [store, newest]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (restore.current) {
      el.scrollTop = el.scrollHeight - restore.current.height + restore.current.top;
      restore.current = null;
    } else if (stick.current) {
      el.scrollTop = el.scrollHeight;
    }
  });

  const loadOlder = useCallback(async () => {
    const el = scroller.current;
    const t = store.threads.get(id);
    if (!el || !t || !t.hasOlder || t.loading) return;
    restore.current = { height: el.scrollHeight, top: el.scrollTop };
    await store.loadThread(id, true).catch((e) => setLoadError(describeError(e)));
  }, [store, id]);

  const onScroll = () => {
    const el = scroller.current!;
    stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    if (el.scrollTop < 150) void loadOlder();
  };

  const jump = useCallback(
    async (seq: number) => {
      for (let i = 0; i < 20 && !document.getElementById(`m-${seq}`); i++) {
        const t = store.threads.get(id);
        if (!t?.hasOlder) break;
        await store.loadThread(id, true);
        await new Promise((r) => requestAnimationFrame(r));
      }
      const el = document.getElementById(`m-${seq}`);
      if (!el) return toast('این پیام در دسترس نیست');
      stick.current = false;
      el.scrollIntoView({ block: 'center' });
      setHighlight(seq);
      setTimeout(() => setHighlight((h) => (h === seq ? null : h)), 2000);
    },
    [store, id],
  );

  useEffect(() => {
    if (seqParam && thread && !thread.loading) void jump(Number(seqParam));
  }, [seqParam, !!thread?.bySeq.size]); // eslint-disable-line

  if (!conv) {
    return (
      <div className="chat">
        <div className="empty">
          <span className="empty-pill">{loadError ?? 'در حال بارگذاری…'}</span>
        </div>
      </div>
    );
  }

  const others = (members.data?.conversation?.members.edges ?? []).map((e) => e.node.user).filter((u) => u.id !== store.me);
  const peer = conv.kind === 'DIRECT' ? others[0] : undefined;
  const typing = store.typingNames(id);
  const admin = conv.myRole === 'OWNER' || conv.myRole === 'ADMIN';
  const status = typing.length ? (
    <span className="typing">{conv.kind === 'GROUP' ? `${typing.join('، ')} در حال نوشتن…` : 'در حال نوشتن…'}</span>
  ) : conv.kind === 'GROUP' ? (
    `${faDigits(conv.memberCount)} عضو`
  ) : peer ? (
    formatLastSeen(peer.lastSeenAt)
  ) : (
    ''
  );

  const actions: BubbleActions = {
    reply: (m) => {
      setEditing(null);
      setReplyTo(m);
    },
    edit: (m) => {
      setReplyTo(null);
      setEditing(m);
    },
    forward: (m) => setDialog({ kind: 'forward', m }),
    remove: (m) => setDialog({ kind: 'delete', m }),
    react: (m, emoji) => {
      request(ReactToMessage, { id: m.id, emoji }).then(
        (r) => {
          const cur = store.threads.get(id)?.bySeq.get(m.seq);
          if (cur) store.putMessage({ ...cur, reactions: r.reactToMessage.reactions });
        },
        (err) => toast(describeError(err)),
      );
    },
    jump: (seq) => void jump(seq),
  };

  let lastDay = '';
  return (
    <div className="chat">
      <header className="topbar">
        <IconButton icon="back" label="بازگشت به گفتگوها" className="show-phone" onClick={() => navigate('/chats')} />
        <button
          type="button"
          className="row grow"
          style={{ border: 0, background: 'none', cursor: 'pointer', textAlign: 'start', minWidth: 0 }}
          onClick={() => setDialog({ kind: 'info' })}
          aria-label={`اطلاعات ${conv.title}`}
        >
          <Avatar id={conv.id} name={conv.title} small />
          <div className="grow" style={{ minWidth: 0 }}>
            <h2 className="ellipsis" dir="auto">
              {conv.title}
            </h2>
            <div className="status-line" aria-live="polite">
              {status}
            </div>
          </div>
        </button>
        <IconButton icon="search" label="جستجو در گفتگو" onClick={() => setDialog({ kind: 'search' })} />
        {peer && <IconButton icon="money" label="ارسال پول" className="hide-phone" onClick={() => setDialog({ kind: 'money' })} />}
      </header>
      <ConnectionStatus />
      <div className="messages" ref={scroller} onScroll={onScroll} role="log" aria-label="پیام‌ها" tabIndex={0}>
        {thread?.hasOlder && (
          <button type="button" className="btn secondary load-more" onClick={() => void loadOlder()} disabled={thread.loading}>
            {thread.loading ? 'در حال بارگذاری…' : 'پیام‌های قدیمی‌تر'}
          </button>
        )}
        {thread && !thread.loading && !seqs.length && !pending.length && (
          <div className="empty">
            <span className="empty-pill">هنوز پیامی نیست. سلام کنید!</span>
          </div>
        )}
        {seqs.map((seq) => {
          const m = thread!.bySeq.get(seq)!;
          const day = formatDayLabel(m.createdAt);
          const sep =
            day !== lastDay
              ? ((lastDay = day),
                (
                  <div className="day" role="separator">
                    {day}
                  </div>
                ))
              : null;
          return (
            <Fragment key={seq}>
              {sep}
              <MessageBubble
                m={m}
                mine={m.sender?.id === store.me}
                showSender={conv.kind === 'GROUP'}
                read={seq <= conv.peerReadSeq}
                canDeleteForAll={admin}
                highlight={highlight === seq}
                unit={unit}
                actions={actions}
              />
            </Fragment>
          );
        })}
        {pending.map((p) => (
          <PendingBubble
            key={p.clientId}
            p={p}
            onRetry={() => store.outbox.retry(p.clientId)}
            onDiscard={() => store.outbox.discard(p.clientId)}
          />
        ))}
      </div>
      <Composer
        conversationId={id}
        replyTo={replyTo}
        editing={editing}
        onDone={() => {
          setReplyTo(null);
          setEditing(null);
        }}
        onMoney={peer ? () => setDialog({ kind: 'money' }) : undefined}
      />
      {dialog?.kind === 'info' && (
        <GroupInfo
          conv={conv}
          onClose={() => {
            setDialog(null);
            void members.reload();
          }}
        />
      )}
      {dialog?.kind === 'money' && peer && <SendMoneyDialog conv={conv} to={peer} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'search' && <InChatSearch conv={conv} onJump={(s) => void jump(s)} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'delete' && (
        <DeleteDialog m={dialog.m} canForAll={dialog.m.sender?.id === store.me || admin} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'forward' && (
        <ConversationPicker
          title="بازارسال به…"
          onClose={() => setDialog(null)}
          onPick={async (to) => {
            const r = await request(ForwardMessage, { id: dialog.m.id, to, clientId: newId() });
            store.putMessage(r.forwardMessage);
            toast('بازارسال شد');
            navigate(`/chats/${to}`);
          }}
        />
      )}
    </div>
  );
}
