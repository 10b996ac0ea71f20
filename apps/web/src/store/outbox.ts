import { request } from '../api/client';
import { ApiError, describeError } from '../api/errors';
import { SendMessage } from '../ops/messaging-mutations';
import { newId } from '../lib/ids';
import type { MediaFieldsFragment } from '../gql/graphql';
import type { Msg } from './chat-types';

export interface Pending {
  clientId: string;
  conversationId: string;
  text: string;
  replyTo: { id: string; text: string | null; sender: string | null } | null;
  createdAt: string;
  /** Uploaded and finished before the message was queued: sent as its album. */
  media?: MediaFieldsFragment[];
  /** 'sending' covers waiting to retry after a network error; 'failed' was refused and waits for the person. */
  status: 'sending' | 'failed';
  error?: string;
}

/** What the outbox needs from the store that owns it: an interface, so that neither module imports the other. */
export interface OutboxHost {
  emit(): void;
  putMessage(m: Msg): void;
}

const RETRYABLE = new Set(['SERVICE_UNAVAILABLE', 'INTERNAL', 'RATE_LIMITED']);

/**
 * Messages the person sent that the server has not confirmed. Each has its
 * clientId from the moment it is typed, kept in localStorage, so a retry —
 * after a network error, a reconnection or a reload — can only ever return
 * the same message. One conversation's messages go one at a time, in order.
 */
export class Outbox {
  private items = new Map<string, Pending>();
  private inFlight = new Set<string>();
  private timers = new Map<string, ReturnType<typeof setTimeout>>();
  private attempts = new Map<string, number>();
  private stopped = false;

  constructor(
    private readonly me: string,
    private readonly host: OutboxHost,
  ) {
    try {
      for (const p of JSON.parse(localStorage.getItem(this.key) ?? '[]') as Pending[]) this.items.set(p.clientId, p);
    } catch {
      /* a corrupt outbox is dropped */
    }
  }

  private get key() {
    return `superapp.outbox.${this.me}`;
  }
  private save() {
    localStorage.setItem(this.key, JSON.stringify([...this.items.values()]));
  }

  list(conversationId: string): Pending[] {
    return [...this.items.values()]
      .filter((p) => p.conversationId === conversationId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  send(conversationId: string, text: string, replyTo: Msg | null, media: MediaFieldsFragment[] = []): void {
    const p: Pending = {
      clientId: newId(),
      conversationId,
      text,
      media,
      replyTo: replyTo ? { id: replyTo.id, text: replyTo.text, sender: replyTo.sender?.displayName ?? null } : null,
      createdAt: new Date().toISOString(),
      status: 'sending',
    };
    this.items.set(p.clientId, p);
    this.save();
    this.host.emit();
    this.pump(conversationId);
  }

  retry(clientId: string): void {
    const p = this.items.get(clientId);
    if (!p) return;
    p.status = 'sending';
    p.error = undefined;
    this.attempts.delete(clientId);
    this.save();
    this.host.emit();
    this.pump(p.conversationId);
  }

  discard(clientId: string): void {
    this.items.delete(clientId);
    this.save();
    this.host.emit();
  }

  /** The stream (or the mutation's answer) shows the message stored. */
  delivered(clientId: string): void {
    const p = this.items.get(clientId);
    if (!p) return;
    this.items.delete(clientId);
    clearTimeout(this.timers.get(clientId));
    this.save();
    this.host.emit();
    this.pump(p.conversationId);
  }

  /** After a reconnection: try every waiting message now. */
  resume(): void {
    this.stopped = false;
    for (const [id, t] of this.timers) {
      clearTimeout(t);
      this.timers.delete(id);
    }
    this.attempts.clear();
    for (const c of new Set([...this.items.values()].map((p) => p.conversationId))) this.pump(c);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private pump(conversationId: string) {
    if (this.stopped) return;
    const next = this.list(conversationId).find((p) => p.status === 'sending');
    if (!next || this.inFlight.has(next.clientId) || this.timers.has(next.clientId)) return;
    if (this.list(conversationId).some((p) => this.inFlight.has(p.clientId))) return;
    void this.attempt(next);
  }

  private async attempt(p: Pending) {
    this.inFlight.add(p.clientId);
    try {
      const r = await request(SendMessage, {
        input: {
          conversationId: p.conversationId,
          clientId: p.clientId,
          text: p.text,
          replyToId: p.replyTo?.id ?? null,
          mediaIds: p.media?.length ? p.media.map((m) => m.id) : undefined,
        },
      });
      this.inFlight.delete(p.clientId);
      this.host.putMessage(r.sendMessage);
      this.delivered(p.clientId);
    } catch (err) {
      this.inFlight.delete(p.clientId);
      if (!this.items.has(p.clientId)) return;
      if (err instanceof ApiError && !RETRYABLE.has(err.code)) {
        p.status = 'failed';
        p.error = describeError(err);
        this.save();
        this.host.emit();
        this.pump(p.conversationId);
        return;
      }
      // Lost on the way: the same clientId again later can only give the same message.
      const n = this.attempts.get(p.clientId) ?? 0;
      this.attempts.set(p.clientId, n + 1);
      const wait =
        err instanceof ApiError && err.extensions.retryAfter ? err.extensions.retryAfter * 1000 : Math.min(1000 * 2 ** n, 10_000);
      this.timers.set(
        p.clientId,
        setTimeout(() => {
          this.timers.delete(p.clientId);
          this.pump(p.conversationId);
        }, wait),
      );
    }
  }
}
