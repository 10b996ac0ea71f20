import DataLoader from 'dataloader';
import { ChannelView, NewsSubjects, PostPage, PostView } from '@app/contracts';
import { GqlContext } from '../graphql/context';

/**
 * Channels by id as the viewer sees them (Post.channel across a feed page:
 * one request). Over WebSocket a loader lives as long as a subscription, so
 * it batches but does not cache there: a live post must not show a channel
 * as it was an hour ago.
 */
export function channelLoader(ctx: GqlContext): DataLoader<string, ChannelView | null> {
  return ctx.loaders.get(
    'news.channels',
    (rpc, viewerId) =>
      new DataLoader<string, ChannelView | null>(
        async (ids) => {
          if (!viewerId) return ids.map(() => null);
          const found = await rpc.send(NewsSubjects.GetChannels, { viewerId, ids: [...new Set(ids)] });
          const byId = new Map(found.map((c) => [c.id, c]));
          return ids.map((id) => byId.get(id) ?? null);
        },
        { maxBatchSize: 500, cache: ctx.transport !== 'ws' },
      ),
  );
}

/** Published, not deleted posts by id (Message.post of POST_SHARE messages). */
export function postLoader(ctx: GqlContext): DataLoader<string, PostView | null> {
  return ctx.loaders.get(
    'news.posts',
    (rpc, viewerId) =>
      new DataLoader<string, PostView | null>(
        async (ids) => {
          if (!viewerId) return ids.map(() => null);
          const found = await rpc.send(NewsSubjects.GetPosts, { viewerId, ids: [...new Set(ids)] });
          const byId = new Map(found.map((p) => [p.id, p]));
          return ids.map((id) => byId.get(id) ?? null);
        },
        { maxBatchSize: 500, cache: ctx.transport !== 'ws' },
      ),
  );
}

/** A page that came with its posts' channels: Post.channel then costs no request. */
export function primeChannels(ctx: GqlContext, page: PostPage): PostPage {
  const loader = channelLoader(ctx);
  for (const channel of page.channels ?? []) loader.prime(channel.id, channel);
  return page;
}
