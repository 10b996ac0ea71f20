import { request } from '../api/client';
import { ApiError } from '../api/errors';
import { live } from '../api/live';
import type { ConversationsQuery } from '../gql/graphql';
import { ConversationById, Conversations, CurrentCursor, Messages, UpdatesLive } from '../ops/messaging';
import { MarkRead } from '../ops/messaging-mutations';
import type { Conv, Msg, Thread, Update } from './chat-types';
import { Outbox } from './outbox';

/**
 * The client's view of messaging, fed by the user's update stream. The
 * stream's cursor is kept in localStorage: after a dropped socket or a reload
 * the subscription resumes after it, so every missed update is replayed.
 * Applying an update is idempotent (messages are keyed by seq, counts only
 * move for a seq above the last one seen), and the server's counts replace
 * ours after every reconnection, so an unread count cannot drift.
 */
export class ChatStore {
  readonly convs = new Map<string, Conv>();
  readonly threads = new Map<string, Thread>();
  readonly typing = new Map<string, Map<string, { name: string; until: number }>>();
  readonly outbox: Outbox;
  version = 0;
  ready = false;
  failed = false;
  openId: string | null = null;
  private listeners = new Set<() => void>();
  private cursor: string | null;
  private epochs = new Map<string, number>();
  private stops: (() => void)[] = [];
  private readTimer: ReturnType<typeof setTimeout> | undefined;
  private restartedAt = 0;
  private stopped = false;

  constructor(readonly me: string) {
    this.cursor = localStorage.getItem(this.cursorKey);
    this.outbox = new Outbox(me, this);
  }

  private get cursorKey() {
    return `superapp.cursor.${this.me}`;
  }

  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => void this.listeners.delete(l);
  };
  getVersion = () => this.version;
  emit(): void {
    this.version++;
    this.listeners.forEach((l) => l());
  }

  /** Once per sign-in: load, then follow the update stream for as long as the app runs. */
  async start(): Promise<void> {
    await this.load();
    if (this.stopped) return;
    this.stops.push(
      live.subscribe(
        UpdatesLive,
        () => ({ after: this.cursor }),
        (d) => this.apply(d.updates),
        () => void this.restartStream().catch(() => undefined),
      ),
    );
    // After a reconnection the replay brings every update; the server's counts then replace ours.
    this.stops.push(live.onConnected(() => void (this.ready ? this.resync() : this.load())));
    this.outbox.resume();
  }

  /** The cursor first, then the list: whatever happens in between is replayed by the stream. */
  private async load(): Promise<void> {
    try {
      if (!this.cursor) this.setCursor((await request(CurrentCursor)).updates.cursor);
      await this.loadConversations();
      this.ready = true;
      this.failed = false;
    } catch {
      this.failed = !this.ready;
    }
    this.emit();
  }

  stop(): void {
    this.stopped = true;
    this.stops.splice(0).forEach((s) => s());
    this.outbox.stop();
  }

  /** The stream refused our cursor (too old, or another server's): start over from now. */
  private async restartStream() {
    if (Date.now() - this.restartedAt < 30_000) return; // refused again at once: not the cursor's fault
    this.restartedAt = Date.now();
    this.setCursor((await request(CurrentCursor)).updates.cursor);
    this.threads.clear();
    await this.loadConversations();
    live.reconnectNow();
  }

  private setCursor(c: string) {
    this.cursor = c;
    localStorage.setItem(this.cursorKey, c);
  }

  private bump(id: string) {
    this.epochs.set(id, (this.epochs.get(id) ?? 0) + 1);
  }

  /**
   * The server's list replaces ours, except for a conversation that an
   * update or a mutation touched while the request was out: its answer may
   * predate that change, so that one is read again on its own.
   */
  private async loadConversations() {
    const before = new Map(this.epochs);
    const seen = new Map<string, Conv>();
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const r: ConversationsQuery = await request(Conversations, { after });
      for (const e of r.conversations.edges) seen.set(e.node.id, e.node);
      if (!r.conversations.pageInfo.hasNextPage) break;
      after = r.conversations.pageInfo.endCursor;
    }
    const touched = (id: string) => (this.epochs.get(id) ?? 0) !== (before.get(id) ?? 0);
    for (const [id, c] of seen) if (!touched(id)) this.convs.set(id, c);
    for (const id of [...this.convs.keys()]) if (!seen.has(id) && !touched(id)) this.convs.delete(id);
    this.emit();
    for (const id of new Set([...seen.keys(), ...this.convs.keys()]))
      if (touched(id)) void this.refreshConversation(id).catch(() => undefined);
  }

  async resync(): Promise<void> {
    try {
      await this.loadConversations();
    } catch {
      /* the next reconnection tries again */
    }
    this.outbox.resume();
  }

  /** One conversation from the server; asked again if an update came while the answer was on its way. */
  async refreshConversation(id: string): Promise<Conv | null> {
    for (let attempt = 0; ; attempt++) {
      const epoch = this.epochs.get(id) ?? 0;
      const r = await request(ConversationById, { id });
      if ((this.epochs.get(id) ?? 0) !== epoch && attempt < 3) continue;
      if (r.conversation) this.convs.set(id, r.conversation);
      else this.convs.delete(id);
      this.emit();
      return r.conversation;
    }
  }

  upsertConversation(c: Conv): void {
    this.bump(c.id);
    this.convs.set(c.id, c);
    this.emit();
  }

  sorted(): Conv[] {
    const at = (c: Conv) => c.lastMessage?.createdAt ?? c.createdAt;
    return [...this.convs.values()].sort((a, b) => at(b).localeCompare(at(a)));
  }

  totalUnread(): number {
    let n = 0;
    for (const c of this.convs.values()) if (!c.muted) n += c.unreadCount;
    return n;
  }

  apply(u: Update): void {
    const conv = this.convs.get(u.conversationId);
    this.bump(u.conversationId);
    switch (u.__typename) {
      case 'MessageAdded':
        this.added(u.message, conv);
        break;
      case 'MessageEdited':
        this.putMessage(u.message);
        break;
      case 'MessageDeleted': {
        const m = this.threads.get(u.conversationId)?.bySeq.get(u.seq);
        if (m) this.putMessage({ ...m, text: null, deletedAt: new Date().toISOString(), reactions: [] });
        if (conv && u.seq > conv.lastReadSeq) void this.refreshConversation(u.conversationId).catch(() => undefined);
        else if (conv?.lastMessage?.id === u.messageId) void this.refreshConversation(u.conversationId).catch(() => undefined);
        break;
      }
      case 'ReadMarkerMoved':
        if (!conv) {
          void this.refreshConversation(u.conversationId).catch(() => undefined);
          break;
        }
        if (u.userId === this.me) {
          if (u.lastReadSeq > conv.lastReadSeq) void this.refreshConversation(conv.id).catch(() => undefined);
        } else if (u.lastReadSeq > conv.peerReadSeq) {
          this.convs.set(conv.id, { ...conv, peerReadSeq: u.lastReadSeq });
        }
        break;
      case 'ReactionsChanged': {
        const t = this.threads.get(u.conversationId);
        for (const [seq, m] of t?.bySeq ?? []) if (m.id === u.messageId) t!.bySeq.set(seq, { ...m, reactions: u.reactions });
        break;
      }
      case 'ConversationChanged':
        this.convs.set(u.conversationId, u.conversation);
        break;
    }
    this.setCursor(u.cursor);
    this.emit();
  }

  private added(m: Msg, conv: Conv | undefined) {
    if (m.sender?.id === this.me && m.clientId) this.outbox.delivered(m.clientId);
    if (!conv) {
      void this.refreshConversation(m.conversationId).catch(() => undefined);
      return;
    }
    if (m.sender) this.typing.get(m.conversationId)?.delete(m.sender.id); // their message is what they were typing
    this.putMessage(m);
    const lastSeq = conv.lastMessage?.seq ?? 0;
    if (m.seq <= lastSeq) return; // replayed: already counted in what the server told us
    const fromOther = m.sender?.id !== this.me && m.kind !== 'SYSTEM';
    const unread = fromOther && m.seq > conv.lastReadSeq ? conv.unreadCount + 1 : conv.unreadCount;
    const mentionsMe = fromOther && m.seq > conv.lastReadSeq && (m.entities ?? []).some((e) => e.user?.id === this.me);
    const mentions = mentionsMe
      ? { unreadMentionCount: conv.unreadMentionCount + 1, unreadMentionSeqs: [...conv.unreadMentionSeqs, m.seq] }
      : {};
    this.convs.set(conv.id, { ...conv, lastMessage: m, unreadCount: unread, ...mentions });
    if (fromOther && this.openId === conv.id) this.scheduleRead();
  }

  /** A message from a mutation's answer or the stream; keyed by seq, so twice is once. */
  putMessage(m: Msg): void {
    this.bump(m.conversationId);
    const t = this.threads.get(m.conversationId);
    if (t && (t.bySeq.has(m.seq) || !t.hasOlder || m.seq > Math.min(...t.bySeq.keys()))) t.bySeq.set(m.seq, m);
    const conv = this.convs.get(m.conversationId);
    if (conv && (!conv.lastMessage || conv.lastMessage.seq <= m.seq)) this.convs.set(conv.id, { ...conv, lastMessage: m });
    this.emit();
  }

  async loadThread(id: string, older = false): Promise<void> {
    let t = this.threads.get(id);
    if (t && (t.loading || (!older && t.bySeq.size) || (older && !t.hasOlder))) return;
    if (!t) this.threads.set(id, (t = { bySeq: new Map(), hasOlder: true, olderCursor: null, loading: false }));
    t.loading = true;
    this.emit();
    try {
      const r = await request(Messages, { id, before: older ? t.olderCursor : null });
      for (const e of r.messages.edges) if (!t.bySeq.has(e.node.seq) || !older) t.bySeq.set(e.node.seq, e.node);
      t.hasOlder = r.messages.pageInfo.hasPreviousPage;
      t.olderCursor = r.messages.pageInfo.startCursor ?? t.olderCursor;
    } finally {
      t.loading = false;
      this.emit();
    }
  }

  open(id: string | null): void {
    this.openId = id;
    if (id) this.scheduleRead();
  }

  /** Moves the read marker to the newest message while the conversation is on screen. */
  scheduleRead(): void {
    clearTimeout(this.readTimer);
    this.readTimer = setTimeout(() => {
      const conv = this.openId ? this.convs.get(this.openId) : undefined;
      const seq = conv?.lastMessage?.seq ?? 0;
      if (!conv || document.visibilityState !== 'visible' || seq <= conv.lastReadSeq) return;
      request(MarkRead, { id: conv.id, seq }).then(
        (r) => {
          const c = this.convs.get(conv.id);
          if (c && r.markRead.lastReadSeq >= c.lastReadSeq) this.convs.set(c.id, { ...c, ...r.markRead });
          this.emit();
        },
        (err) => {
          if (!(err instanceof ApiError)) this.scheduleRead();
        },
      );
    }, 300);
  }

  /** Someone is typing; a signal older than their latest message (it came late) is already answered by it. */
  setTyping(convId: string, userId: string, name: string, at?: string): void {
    if (userId === this.me) return;
    const last = this.convs.get(convId)?.lastMessage;
    if (at && last?.sender?.id === userId && last.createdAt >= at) return;
    let m = this.typing.get(convId);
    if (!m) this.typing.set(convId, (m = new Map()));
    m.set(userId, { name, until: Date.now() + 6000 });
    this.emit();
    setTimeout(() => this.emit(), 6100);
  }

  typingNames(convId: string): string[] {
    const now = Date.now();
    return [...(this.typing.get(convId)?.values() ?? [])].filter((t) => t.until > now).map((t) => t.name);
  }
}
