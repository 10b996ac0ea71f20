import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { NatsConnection, Subscription } from 'nats';
import { NATS_CONNECTION } from '@app/common';
import { metrics } from '../metrics/metrics.service';

type Listener = (data: Uint8Array) => void;

/** Raised into a live iterator whose reader fell too far behind; the client resumes from its last cursor. */
export class SlowConsumerError extends Error {
  constructor() {
    super('The client fell too far behind the live stream; resubscribe from the last cursor');
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
   * `limit` events for a slow reader; past that it ends with
   * SlowConsumerError rather than silently dropping events.
   */
  async iterate<T>(subjects: string[], limit = 10_000): Promise<AsyncIterableIterator<T> & { stopped: Promise<void> }> {
    const queue: T[] = [];
    let waiting: ((r: IteratorResult<T>) => void) | null = null;
    let failure: Error | null = null;
    let finished = false;
    let resolveStopped!: () => void;
    const stopped = new Promise<void>((r) => (resolveStopped = r));
    const decoder = new TextDecoder();
    const push = (data: Uint8Array) => {
      if (finished) return;
      const value = JSON.parse(decoder.decode(data)) as T;
      if (waiting) {
        const w = waiting;
        waiting = null;
        w({ value, done: false });
      } else if (queue.length >= limit) {
        failure = new SlowConsumerError();
        void stop();
      } else {
        queue.push(value);
      }
    };
    const offs = await Promise.all(subjects.map((s) => this.on(s, push)));
    const stop = async () => {
      if (finished) return;
      finished = true;
      offs.forEach((off) => off());
      if (waiting && !failure) waiting({ value: undefined, done: true });
      resolveStopped();
    };
    const iterator: AsyncIterableIterator<T> & { stopped: Promise<void> } = {
      stopped,
      next: () => {
        if (queue.length) return Promise.resolve({ value: queue.shift()!, done: false });
        if (failure) return Promise.reject(failure);
        if (finished) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (waiting = resolve));
      },
      return: async () => {
        await stop();
        return { value: undefined, done: true };
      },
      throw: async (err) => {
        await stop();
        throw err;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
    return iterator;
  }

  onModuleDestroy(): void {
    for (const { sub } of this.subjects.values()) sub.unsubscribe();
    metrics.liveSubjects.dec(this.subjects.size);
    this.subjects.clear();
  }
}
