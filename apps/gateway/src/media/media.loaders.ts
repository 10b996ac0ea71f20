import DataLoader from 'dataloader';
import { MediaSubjects, MediaView } from '@app/contracts';
import { GqlContext } from '../graphql/context';

function keyed<K, V>(ctx: GqlContext, name: string, fetch: (ids: K[]) => Promise<Map<K, V>>, missing: V): DataLoader<K, V> {
  return ctx.loaders.get(
    name,
    () =>
      new DataLoader<K, V>(
        async (ids) => {
          const found = await fetch([...new Set(ids)]);
          return ids.map((id) => found.get(id) ?? missing);
        },
        { maxBatchSize: 500, cache: ctx.transport !== 'ws' },
      ),
  );
}

/** Finished media by id, for things the viewer already may see (a message's or post's album). */
export function mediaLoader(ctx: GqlContext): DataLoader<string, MediaView | null> {
  return keyed(
    ctx,
    'media.byId',
    async (ids) => new Map((await ctx.loaders.rpc.send(MediaSubjects.GetMany, { ids })).map((m) => [m.id, m])),
    null,
  );
}

export function avatarLoader(ctx: GqlContext): DataLoader<string, MediaView | null> {
  return keyed(
    ctx,
    'media.avatars',
    async (userIds) => new Map((await ctx.loaders.rpc.send(MediaSubjects.Avatars, { userIds })).map((a) => [a.userId, a.media])),
    null,
  );
}

export function channelPhotoLoader(ctx: GqlContext): DataLoader<string, MediaView | null> {
  return keyed(
    ctx,
    'media.channelPhotos',
    async (channelIds) =>
      new Map((await ctx.loaders.rpc.send(MediaSubjects.ChannelPhotos, { channelIds })).map((c) => [c.channelId, c.media])),
    null,
  );
}

export function postMediaLoader(ctx: GqlContext): DataLoader<string, MediaView[]> {
  return keyed(
    ctx,
    'media.posts',
    async (postIds) => new Map((await ctx.loaders.rpc.send(MediaSubjects.PostMedia, { postIds })).map((p) => [p.postId, p.media])),
    [] as MediaView[],
  );
}
