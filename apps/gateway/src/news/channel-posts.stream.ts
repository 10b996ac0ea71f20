import { RpcClient } from '@app/common';
import { NewsLive, NewsSubjects, PostPublishedEvent, PostView, SubscriptionChangedEvent } from '@app/contracts';
import { LiveHub, PushIterator } from '../live/live-hub';

/** How many delivered post ids a stream remembers to drop a repeat (news may announce a post twice after a crash). */
const REMEMBERED = 2000;
const decoder = new TextDecoder();

/**
 * The live posts of the channels one user follows, as an async iterator.
 *
 * Why each subscriber gets each post once, with any number of gateways:
 * news publishes a post once to its channel's own core NATS subject. Every
 * gateway process holds at most one plain (not queue-group) NATS
 * subscription per channel subject, shared through LiveHub by all its
 * sockets, so each gateway receives the post once and hands it to each of
 * its own streams once; a client's socket lives on exactly one gateway.
 * NATS filters by subject, so a gateway receives only the channels its
 * readers follow. Each stream also keeps the ids it delivered and drops a
 * repeat, for the rare post news announces twice (a crash between publish
 * and commit, see news's AnnouncerService).
 *
 * The set of channels follows the user: subscribe/unsubscribe events on the
 * user's own subject add and remove channel subjects while the stream is
 * open. That subject is listened to before the list is read, so a change
 * racing the start is not lost.
 */
export async function channelPostsStream(
  hub: LiveHub,
  rpc: RpcClient,
  userId: string,
  limit = 10_000,
): Promise<AsyncIterableIterator<PostView>> {
  const delivered = new Set<string>();
  const channels = new Map<string, Promise<() => void>>();
  const changedBeforeList = new Set<string>();
  let listed = false;
  // Set once the user's subject is listened to (below); the iterator's stop may come first.
  let offUser: (() => void) | undefined = undefined;
  const unfollow = (channelId: string) => {
    const off = channels.get(channelId);
    channels.delete(channelId);
    void off?.then((f) => f());
  };
  const iterator = new PushIterator<PostView>(limit, () => {
    offUser?.();
    for (const id of [...channels.keys()]) unfollow(id);
  });

  const push = (data: Uint8Array) => {
    if (iterator.done) return;
    const { post } = JSON.parse(decoder.decode(data)) as PostPublishedEvent;
    if (delivered.has(post.id)) return;
    delivered.add(post.id);
    if (delivered.size > REMEMBERED) delivered.delete(delivered.values().next().value as string);
    iterator.push(post);
  };
  const follow = (channelId: string) => {
    if (!channels.has(channelId)) channels.set(channelId, hub.on(NewsLive.channelPost(channelId), push));
  };
  offUser = await hub.on(NewsLive.userSubscriptions(userId), (data) => {
    if (iterator.done) return;
    const event = JSON.parse(decoder.decode(data)) as SubscriptionChangedEvent;
    if (!listed) changedBeforeList.add(event.channelId);
    if (event.subscribed) follow(event.channelId);
    else unfollow(event.channelId);
  });
  try {
    const ids = await rpc.send(NewsSubjects.SubscribedChannelIds, { viewerId: userId });
    for (const id of ids) if (!changedBeforeList.has(id)) follow(id);
    listed = true;
    await Promise.all(channels.values());
  } catch (err) {
    iterator.stop();
    throw err;
  }
  return iterator;
}
