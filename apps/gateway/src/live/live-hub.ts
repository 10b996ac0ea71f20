import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { NatsConnection, Subscription } from 'nats';
import { NATS_CONNECTION } from '@app/common';
import { metrics } from '../metrics/metrics.service';

type Listener = (data: Uint8Array) => void;

/** One decoder for every subscription (decode() without a stream keeps no state between calls). */
const decoder = new TextDecoder();

/** Raised into a live iterator whose reader fell too far behind; the client resumes from its last cursor. */
export class SlowConsumerError extends Error {
  constructor() {
    super('The client fell too far behind the live stream; resubscribe from the last cursor');
  }
}

/**
 * An async iterator fed by push(), for one subscription: it buffers up to
 * `limit` values for a slow reader and past that ends with SlowConsumerError
 * rather than silently dropping any. stop() (also on return() or throw(),
 * when the client goes) runs onStop once, to release what fed it.
 */
export class PushIterator<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private waiting: ((r: IteratorResult<T>) => void) | null = null;
  private failure: Error | null = null;
  private finished = false;

  constructor(
    private readonly limit: number,
    private readonly onStop: () => void,
  ) {}

  get done(): boolean {
    return this.finished;
  }

  push(value: T): void {
    if (this.finished) return;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w({ value, done: false });
    } else if (this.queue.length >= this.limit) {
      this.failure = new SlowConsumerError();
      this.stop();
    } else {
      this.queue.push(value);
    }
  }

  stop(): void {
    if (this.finished) return;
    this.finished = true;
    this.onStop();
    if (this.waiting && !this.failure) this.waiting({ value: undefined, done: true });
    this.waiting = null;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length) return Promise.resolve({ value: this.queue.shift()!, done: false });
    if (this.failure) return Promise.reject(this.failure);
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  async return(): Promise<IteratorResult<T>> {
    this.stop();
    return { value: undefined, done: true };
  }

  async throw(err?: unknown): Promise<IteratorResult<T>> {
    this.stop();
    throw err;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * Live delivery into subscriptions: one core NATS subscription per subject per
 * gateway process, however many sockets listen to it, fanned out in memory.
 * Services publish each event once to the subject of its audience (a user, a
 * channel), so a gateway only receives what its own connected clients need.
 */
@Injectable()
export class LiveHub implements OnModuleDestroy {
  private readonly subjects = new Map<string, { sub: Subscription; listeners: Set<Listener> }>();

  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}

  /** Listens to a subject until the returned function is called; returns a promise that resolves when the subscription is active. */
  async on(subject: string, listener: Listener): Promise<() => void> {
    let entry = this.subjects.get(subject);
    if (!entry) {
      const listeners = new Set<Listener>();
      const sub = this.nc.subscribe(subject, {
        callback: (err, msg) => {
          if (err) return;
          for (const l of listeners) l(msg.data);
        },
      });
      entry = { sub, listeners };
      this.subjects.set(subject, entry);
      metrics.liveSubjects.inc();
      // The subscription is live on the server once a round trip has passed.
      await this.nc.flush();
    }
    entry.listeners.add(listener);
    const current = entry;
    return () => {
      current.listeners.delete(listener);
      if (!current.listeners.size && this.subjects.get(subject) === current) {
        this.subjects.delete(subject);
        metrics.liveSubjects.dec();
        current.sub.unsubscribe();
      }
    };
  }

  /**
   * An async iterator of the JSON events on some subjects, buffering up to
   * `limit` events for a slow reader (see PushIterator).
   */
  async iterate<T>(subjects: string[], limit = 10_000): Promise<PushIterator<T>> {
    let offs: Array<() => void> = [];
    const iterator = new PushIterator<T>(limit, () => offs.forEach((off) => off()));
    const listener = (data: Uint8Array) => {
      if (!iterator.done) iterator.push(JSON.parse(decoder.decode(data)) as T);
    };
    offs = await Promise.all(subjects.map((s) => this.on(s, listener)));
    return iterator;
  }

  onModuleDestroy(): void {
    for (const { sub } of this.subjects.values()) sub.unsubscribe();
    metrics.liveSubjects.dec(this.subjects.size);
    this.subjects.clear();
  }
}
