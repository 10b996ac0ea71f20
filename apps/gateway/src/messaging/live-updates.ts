import { RpcClient } from '@app/common';
import { MessagingLive, MessagingSubjects, TypingView, UpdateView, UpdatesPageView } from '@app/contracts';
import { LiveHub } from '../live/live-hub';

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
  const read = (from: string | null) => rpc.send(MessagingSubjects.ListUpdates, { viewerId, after: from, limit: REPLAY_PAGE });
  let first: UpdatesPageView;
  try {
    // Asked before returning, so a bad cursor is an error of the subscribe call itself.
    first = await read(after);
  } catch (err) {
    await live.return!();
    throw err;
  }

  async function* run(): AsyncGenerator<UpdateView> {
    let last = BigInt(first.cursor);
    let page = first;
    yield* page.updates;
    while (page.hasMore) {
      page = await read(last.toString());
      last = BigInt(page.cursor);
      yield* page.updates;
    }
    for await (const update of live) {
      const pos = BigInt(update.cursor);
      if (pos <= last) continue;
      if (pos > last + 1n) {
        do {
          page = await read(last.toString());
          for (const u of page.updates) {
            last = BigInt(u.cursor);
            yield u;
          }
        } while (page.hasMore);
        if (pos <= last) continue;
      }
      last = pos;
      yield update;
    }
  }
  return closable(run(), () => live.return!().then(() => undefined));
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
