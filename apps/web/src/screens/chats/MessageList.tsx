import { Fragment, type RefObject } from 'react';
import { formatDayLabel } from '../../lib/format';
import { useMoneyUnit } from '../../lib/prefs';
import { useChatStore } from '../../store/chat-context';
import type { Conv, Msg, Thread } from '../../store/chat-types';
import { MessageBubble, PendingBubble, type BubbleActions } from './MessageBubble';

/** Each message, with the day's label when it is the first of its day. */
function withDays(messages: Msg[]): { m: Msg; day: string | null }[] {
  let last = '';
  return messages.map((m) => {
    const day = formatDayLabel(m.createdAt);
    const first = day !== last;
    last = day;
    return { m, day: first ? day : null };
  });
}

export function MessageList({
  conv,
  thread,
  scroller,
  onScroll,
  loadOlder,
  highlight,
  canDeleteForAll,
  actions,
}: {
  conv: Conv;
  thread: Thread | undefined;
  scroller: RefObject<HTMLDivElement | null>;
  onScroll: () => void;
  loadOlder: () => Promise<void>;
  highlight: number | null;
  canDeleteForAll: boolean;
  actions: BubbleActions;
}) {
  const store = useChatStore();
  const unit = useMoneyUnit();
  const messages = thread ? [...thread.bySeq.keys()].sort((a, b) => a - b).map((seq) => thread.bySeq.get(seq)!) : [];
  const pending = store.outbox.list(conv.id);
  return (
    <div className="messages" ref={scroller} onScroll={onScroll} role="log" aria-label="پیام‌ها" tabIndex={0}>
      {thread?.hasOlder && (
        <button type="button" className="btn secondary load-more" onClick={() => void loadOlder()} disabled={thread.loading}>
          {thread.loading ? 'در حال بارگذاری…' : 'پیام‌های قدیمی‌تر'}
        </button>
      )}
      {thread && !thread.loading && !messages.length && !pending.length && (
        <div className="empty">
          <span className="empty-pill">هنوز پیامی نیست. سلام کنید!</span>
        </div>
      )}
      {withDays(messages).map(({ m, day }) => (
        <Fragment key={m.seq}>
          {day && (
            <div className="day" role="separator">
              {day}
            </div>
          )}
          <MessageBubble
            m={m}
            mine={m.sender?.id === store.me}
            showSender={conv.kind === 'GROUP'}
            read={m.seq <= conv.peerReadSeq}
            canDeleteForAll={canDeleteForAll}
            highlight={highlight === m.seq}
            unit={unit}
            actions={actions}
          />
        </Fragment>
      ))}
      {pending.map((p) => (
        <PendingBubble
          key={p.clientId}
          p={p}
          onRetry={() => store.outbox.retry(p.clientId)}
          onDiscard={() => store.outbox.discard(p.clientId)}
        />
      ))}
    </div>
  );
}
