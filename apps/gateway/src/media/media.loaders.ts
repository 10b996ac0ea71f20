import DataLoader from 'dataloader';
import { DomainError } from '@app/common';
import { ErrorCode, MediaSubjects, MediaView } from '@app/contracts';
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

/**
 * An avatar or a channel photo is decoration: while media does not answer,
 * users and channels show without one (null) rather than failing the lists
 * they are in. (An album is content: Message.media and Post.media fail.)
 */
async function orNone<K, V>(fetch: () => Promise<Map<K, V>>): Promise<Map<K, V>> {
  try {
    return await fetch();
  } catch (err) {
    if (err instanceof DomainError && err.code === ErrorCode.ServiceUnavailable) return new Map();
    throw err;
  }
}

export function avatarLoader(ctx: GqlContext): DataLoader<string, MediaView | null> {
  return keyed(
    ctx,
    'media.avatars',
    (userIds) =>
      orNone(async () => new Map((await ctx.loaders.rpc.send(MediaSubjects.Avatars, { userIds })).map((a) => [a.userId, a.media]))),
    null,
  );
}

export function channelPhotoLoader(ctx: GqlContext): DataLoader<string, MediaView | null> {
  return keyed(
    ctx,
    'media.channelPhotos',
    (channelIds) =>
      orNone(
        async () => new Map((await ctx.loaders.rpc.send(MediaSubjects.ChannelPhotos, { channelIds })).map((c) => [c.channelId, c.media])),
      ),
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
