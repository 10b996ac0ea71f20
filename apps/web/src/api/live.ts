import { createClient, type Client } from 'graphql-ws';
import type { TypedDocumentString } from '../gql/graphql';
import { auth } from './auth';
import { onRequestThrough } from './client';

export type LiveStatus = 'connecting' | 'online' | 'offline';

interface Registration {
  /** Called at every (re)connection, so variables such as a cursor are current. */
  payload: () => { query: string; variables?: Record<string, unknown> };
  next: (data: unknown) => void;
  /** The server refused the subscription (not a dropped socket). */
  error?: (errors: unknown) => void;
  stop?: () => void;
}

const PING_MS = 10_000;
const PONG_TIMEOUT_MS = 5_000;

/**
 * One graphql-ws socket for the whole app. Reconnection is ours, not the
 * library's: after a drop every subscription is started again with fresh
 * variables (the updates stream resumes from its last cursor, not from where
 * it began). A 4401 close refreshes the tokens before reconnecting; pings
 * with a pong deadline notice a dead connection that never closed.
 */
class Live {
  private client: Client | null = null;
  private regs = new Map<number, Registration>();
  private nextKey = 1;
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private listeners = new Set<() => void>();
  private connectedListeners = new Set<() => void>();
  private wanted = false;
  status: LiveStatus = 'offline';

  constructor() {
    onRequestThrough(() => this.nudge());
    window.addEventListener('online', () => this.wanted && this.status === 'offline' && this.reconnectNow());
    // The device lost its network: say so at once rather than after a missed pong, and wait for 'online'.
    window.addEventListener('offline', () => {
      if (!this.wanted) return;
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      const c = this.client;
      this.client = null;
      c?.terminate();
      this.setStatus('offline');
    });
  }

  subscribeStatus = (l: () => void) => {
    this.listeners.add(l);
    return () => void this.listeners.delete(l);
  };
  getStatus = () => this.status;

  /** Runs after every successful (re)connection, before subscriptions restart. */
  onConnected(l: () => void): () => void {
    this.connectedListeners.add(l);
    return () => void this.connectedListeners.delete(l);
  }

  private setStatus(s: LiveStatus) {
    if (this.status === s) return;
    this.status = s;
    this.listeners.forEach((l) => l());
  }

  start(): void {
    this.wanted = true;
    if (!this.client) this.connect();
  }

  stop(): void {
    this.wanted = false;
    clearTimeout(this.retryTimer);
    const c = this.client;
    this.client = null;
    void c?.dispose();
    this.setStatus('offline');
  }

  /** An HTTP request just went through: the network is back, so do not wait out the backoff. */
  nudge(): void {
    if (this.wanted && this.status === 'offline' && this.retryTimer !== undefined) this.reconnectNow();
  }

  /** For a socket drop on purpose (and for a person's "reconnect" click). */
  reconnectNow(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const c = this.client;
    this.client = null;
    void c?.dispose();
    this.attempts = 0;
    if (this.wanted) this.connect();
  }

  subscribe<R, V>(doc: TypedDocumentString<R, V>, variables: () => V, next: (data: R) => void, error?: (e: unknown) => void): () => void {
    const key = this.nextKey++;
    const reg: Registration = {
      payload: () => ({ query: doc.toString(), variables: variables() as Record<string, unknown> }),
      // The server answers this registration's document, so its data has the document's type.
      next: (data) => next(data as R),
      error,
    };
    this.regs.set(key, reg);
    if (this.client && this.status === 'online') this.run(this.client, reg);
    return () => {
      reg.stop?.();
      this.regs.delete(key);
    };
  }

  private run(client: Client, reg: Registration) {
    reg.stop?.();
    reg.stop = client.subscribe(reg.payload(), {
      next: (value) => {
        if (value.data) reg.next(value.data);
        if (value.errors?.length) reg.error?.(value.errors);
      },
      // A dropped socket errors every sink with the close event; we restart them ourselves.
      error: (err) => {
        if (Array.isArray(err)) reg.error?.(err);
      },
      complete: () => undefined,
    });
  }

  private connect() {
    this.setStatus('connecting');
    let pongTimer: ReturnType<typeof setTimeout> | undefined;
    const client = createClient({
      url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
      lazy: false,
      retryAttempts: 0,
      keepAlive: PING_MS,
      connectionParams: async () => ({ authorization: `Bearer ${await auth.accessToken()}` }),
      on: {
        connected: () => {
          if (this.client !== client) return;
          this.attempts = 0;
          this.setStatus('online');
          this.connectedListeners.forEach((l) => l());
          for (const reg of this.regs.values()) this.run(client, reg);
        },
        ping: (received) => {
          if (!received) pongTimer = setTimeout(() => client.terminate(), PONG_TIMEOUT_MS);
        },
        pong: (received) => {
          if (received) clearTimeout(pongTimer);
        },
        closed: (event) => {
          clearTimeout(pongTimer);
          if (this.client !== client) return;
          this.client = null;
          for (const reg of this.regs.values()) {
            reg.stop?.();
            reg.stop = undefined;
          }
          this.setStatus('offline');
          const code = (event as CloseEvent | undefined)?.code;
          if (code === 4401)
            void auth
              .refresh()
              .catch(() => undefined)
              .finally(() => this.retry());
          else this.retry();
        },
        error: () => undefined,
      },
    });
    this.client = client;
  }

  private retry() {
    if (!this.wanted || !auth.userId || !navigator.onLine) return; // 'online' reconnects
    const delay = Math.min(500 * 2 ** this.attempts++, 10_000) * (0.75 + Math.random() / 2);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.wanted && !this.client) this.connect();
    }, delay);
  }
}

export const live = new Live();
