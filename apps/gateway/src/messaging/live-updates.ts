import { RpcClient } from '@app/common';
import { MessagingLive, MessagingSubjects, TypingView, UpdateView, UpdatesPageView } from '@app/contracts';
import { LiveHub, PushIterator } from '../live/live-hub';

/** Updates read back per request while replaying or filling a hole. */
const REPLAY_PAGE = 500;

/**
 * A user's update stream: everything after `after`, then live, with no gap
 * and no duplicate at the seam or later.
 *
 * 1. Listen to the user's live subject first (LiveHub buffers what arrives).
 * 2. Read the stream from the database after `after` (or just its head, when
 *    there is no `after`) until it says there is no more.
 * 3. Then take live updates: one at or below the last position given is a
 *    duplicate of the replay and is dropped; the next position is given; a
 *    position further ahead means an earlier one was not pushed to us (core
 *    NATS from several service copies may reorder, or drop on a reconnect),
 *    so the stream is read back from the database up to it. Positions are
 *    dense and an update is pushed only after it committed, and a user's
 *    positions commit in order (fan_out), so that read always finds it.
 */
export async function liveUpdates(
  hub: LiveHub,
  rpc: RpcClient,
  viewerId: string,
  after: string | null,
): Promise<AsyncIterableIterator<UpdateView>> {
  const live = await hub.iterate<UpdateView>([MessagingLive.updates(viewerId)]);
  try {
    // Asked before returning, so a bad cursor is an error of the subscribe call itself.
    return new UpdateStream(live, rpc, viewerId, await readUpdates(rpc, viewerId, after));
  } catch (err) {
    live.stop();
    throw err;
  }
}

function readUpdates(rpc: RpcClient, viewerId: string, after: string | null): Promise<UpdatesPageView> {
  return rpc.send(MessagingSubjects.ListUpdates, { viewerId, after, limit: REPLAY_PAGE });
}

/**
 * The iterator of liveUpdates, as an object rather than an async generator:
 * an idle subscription is then this object and its live PushIterator waiting,
 * with no suspended generator, request queue or closures of its own (a gateway
 * holds tens of thousands of them; bench/idle).
 */
class UpdateStream implements AsyncIterableIterator<UpdateView> {
  /** Read from the database, not given yet. */
  private replayed: UpdateView[];
  /** The replay of `after` has more pages. */
  private replaying: boolean;
  /** The last position given (or about to be: the end of `replayed`). */
  private last: bigint;
  private stopped = false;

  constructor(
    private readonly live: PushIterator<UpdateView>,
    private readonly rpc: RpcClient,
    private readonly viewerId: string,
    first: UpdatesPageView,
  ) {
    this.replayed = first.updates.slice();
    this.replaying = first.hasMore;
    this.last = BigInt(first.cursor);
  }

  /** Not an async function: an idle subscription waits in here, and a suspended async function would hold a frame. */
  next(): Promise<IteratorResult<UpdateView>> {
    if (this.replayed.length) return Promise.resolve({ value: this.replayed.shift()!, done: false });
    if (this.replaying) return this.replayPage().then(() => this.next());
    return this.live.next().then((step) => this.take(step));
  }

  /** The next page of the replay of `after`. */
  private async replayPage(): Promise<void> {
    const page = await readUpdates(this.rpc, this.viewerId, this.last.toString());
    if (this.stopped) return;
    this.last = BigInt(page.cursor);
    this.replaying = page.hasMore;
    this.replayed.push(...page.updates);
  }

  /** A live update: given, dropped as already given, or given after the hole before it is read back. */
  private take(step: IteratorResult<UpdateView>): IteratorResult<UpdateView> | Promise<IteratorResult<UpdateView>> {
    if (step.done) return step;
    const update = step.value;
    const pos = BigInt(update.cursor);
    if (pos <= this.last) return this.next();
    if (pos > this.last + 1n) return this.fillHole(update, pos);
    this.last = pos;
    return { value: update, done: false };
  }

  private async fillHole(update: UpdateView, pos: bigint): Promise<IteratorResult<UpdateView>> {
    let page: UpdatesPageView;
    do {
      page = await readUpdates(this.rpc, this.viewerId, this.last.toString());
      if (this.stopped) return { value: undefined, done: true };
      for (const u of page.updates) {
        this.last = BigInt(u.cursor);
        this.replayed.push(u);
      }
    } while (page.hasMore);
    if (pos > this.last) {
      this.last = pos;
      this.replayed.push(update);
    }
    return this.next();
  }

  /** The client went: the live subscription is released at once, even while next() waits for an event. */
  async return(): Promise<IteratorResult<UpdateView>> {
    this.stop();
    return { value: undefined, done: true };
  }

  async throw(err?: unknown): Promise<IteratorResult<UpdateView>> {
    this.stop();
    throw err;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private stop(): void {
    this.stopped = true;
    this.live.stop();
    this.replayed = [];
    this.replaying = false;
  }
}

/** Typing in one conversation, as pushed to this user (messaging sends it to the other members only). */
export async function typingEvents(hub: LiveHub, viewerId: string, conversationId: string): Promise<AsyncIterableIterator<TypingView>> {
  const live = await hub.iterate<TypingView>([MessagingLive.typing(viewerId)]);
  async function* run(): AsyncGenerator<TypingView> {
    for await (const event of live) if (event.conversationId === conversationId) yield event;
  }
  return closable(run(), () => live.return!().then(() => undefined));
}

/**
 * An async generator's return() waits for the next() it is suspended in,
 * which for a quiet stream may be never; closing the source first ends that
 * next() at once, so an unsubscribed client frees its NATS interest now.
 */
function closable<T>(gen: AsyncGenerator<T>, closeSource: () => Promise<void>): AsyncIterableIterator<T> {
  const iterator: AsyncIterableIterator<T> = {
    next: () => gen.next(),
    return: async (value?: unknown) => {
      await closeSource();
      return gen.return(value as T);
    },
    throw: async (err?: unknown) => {
      await closeSource();
      return gen.throw(err);
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
