import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { describeError } from '../../api/errors';
import { live } from '../../api/live';
import { useSearchParam } from '../../lib/router';
import { TypingLive } from '../../ops/messaging';
import type { ChatStore } from '../../store/chat-store';
import { toast } from '../../ui/kit';

/**
 * Keeps an open conversation current: loads it and its newest messages,
 * follows who is typing, and moves the read marker while it is on screen.
 * Returns why it could not be loaded, if it could not.
 */
export function useConversationFeed(store: ChatStore, id: string) {
  const [loadError, setLoadError] = useState<string | null>(null);
  const ready = store.ready;
  useEffect(() => {
    if (!store.convs.has(id) && ready) store.refreshConversation(id).catch((e) => setLoadError(describeError(e)));
    store.loadThread(id).catch((e) => setLoadError(describeError(e)));
  }, [store, id, ready]);

  useEffect(
    () =>
      live.subscribe(
        TypingLive,
        () => ({ id }),
        (d) => store.setTyping(id, d.typing.user.id, d.typing.user.displayName, d.typing.at),
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

  const thread = store.threads.get(id);
  const newest = thread ? Math.max(0, ...thread.bySeq.keys()) : 0;
  useEffect(() => {
    if (newest) store.scheduleRead();
  }, [store, newest]);

  return { loadError, setLoadError };
}

/** Loads older pages until message `seq` is in the page, or there is nothing older. */
async function loadUntil(store: ChatStore, id: string, seq: number) {
  for (let i = 0; i < 20 && !document.getElementById(`m-${seq}`); i++) {
    if (!store.threads.get(id)?.hasOlder) break;
    await store.loadThread(id, true);
    await new Promise((r) => requestAnimationFrame(r));
  }
}

/**
 * The message list's scrolling: it sticks to the bottom while the person is
 * there, keeps its place when older messages are added above, loads those
 * near the top, and jumps to a message (a reply's original, a search result,
 * or the `?seq=` of a link) with a short highlight. Sending a message scrolls
 * to it wherever the person was; while they read further up, `behind` counts
 * the others' messages that arrived below them (the jump-to-latest button's badge).
 */
export function useThreadScroll(store: ChatStore, id: string, onError: (message: string) => void) {
  const [highlight, setHighlight] = useState<number | null>(null);
  /** Null while at the bottom; else the newest seq when the person scrolled away from it. */
  const [seenSeq, setSeenSeq] = useState<number | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const restore = useRef<{ height: number; top: number } | null>(null);
  const pending = store.outbox.list(id).length;
  const sent = useRef(pending);
  const thread = store.threads.get(id);
  const newest = thread ? Math.max(0, ...thread.bySeq.keys()) : 0;

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (pending > sent.current) stick.current = true; // the person just sent: show it
    sent.current = pending;
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
    await store.loadThread(id, true).catch((e) => onError(describeError(e)));
  }, [store, id, onError]);

  const onScroll = () => {
    const el = scroller.current!;
    stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    const bottom = stick.current;
    setSeenSeq((seen) => (bottom ? null : (seen ?? newest)));
    if (el.scrollTop < 150) void loadOlder();
  };

  const toLatest = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    stick.current = true;
    setSeenSeq(null);
    el.scrollTop = el.scrollHeight;
  }, []);

  const jump = useCallback(
    (seq: number) =>
      loadUntil(store, id, seq).then(() => {
        const el = document.getElementById(`m-${seq}`);
        if (!el) return toast('این پیام در دسترس نیست');
        stick.current = false;
        el.scrollIntoView({ block: 'center' });
        setHighlight(seq);
        setTimeout(() => setHighlight((h) => (h === seq ? null : h)), 2000);
      }),
    [store, id],
  );

  useJumpToLink(store, id, jump);
  let behind = 0;
  for (const [seq, m] of thread?.bySeq ?? [])
    if (seenSeq !== null && seq > seenSeq && m.sender?.id !== store.me && m.kind !== 'SYSTEM') behind++;
  return { scroller, onScroll, loadOlder, jump, highlight, atBottom: seenSeq === null, behind, toLatest };
}

/**
 * A link with `?seq=` (a search result) jumps to that message when the link
 * changes or when the thread's first messages arrive; not again on every
 * later update of the thread.
 */
function useJumpToLink(store: ChatStore, id: string, jump: (seq: number) => Promise<void>) {
  const seqParam = useSearchParam('seq');
  const thread = store.threads.get(id);
  const hasMessages = !!thread?.bySeq.size;
  const canJump = !!thread && !thread.loading;
  const handled = useRef<string | null>(null);
  useEffect(() => {
    const trigger = `${seqParam}:${hasMessages}`;
    if (handled.current === trigger) return;
    handled.current = trigger;
    if (seqParam && canJump) void jump(Number(seqParam));
  }, [seqParam, hasMessages, canJump, jump]);
}

const PRESENCE_POLL_MS = 15_000;

/**
 * The other person's online / last seen, read again while the conversation
 * is on screen: every few seconds, after a reconnection, and when the tab
 * comes back (the server follows their socket; this follows the server).
 */
export function usePresencePoll(reload: () => Promise<void>, active: boolean) {
  useEffect(() => {
    if (!active) return;
    const again = () => document.visibilityState === 'visible' && void reload();
    const timer = setInterval(again, PRESENCE_POLL_MS);
    const offConnected = live.onConnected(again);
    document.addEventListener('visibilitychange', again);
    return () => {
      clearInterval(timer);
      offConnected();
      document.removeEventListener('visibilitychange', again);
    };
  }, [reload, active]);
}
