import { RpcClient } from '@app/common';
import { MediaSubjects, NewsSubjects, PostView, PublishPostRequest } from '@app/contracts';

/**
 * publishPost with an album: the media are checked first (the author's own
 * finished uploads, BAD_USER_INPUT on mediaIds otherwise), the post is
 * published by news, then media records the album under the post's id.
 * News knows nothing of media, so the two are not one transaction: a media
 * service down between the two steps leaves a post without its album (the
 * call fails with SERVICE_UNAVAILABLE and the author can delete and repost).
 */
export async function publishWithMedia(
  rpc: RpcClient,
  viewerId: string,
  input: Omit<PublishPostRequest, 'viewerId'> & { mediaIds?: string[] | null },
): Promise<PostView> {
  const { mediaIds, ...post } = input;
  if (mediaIds?.length) await rpc.send(MediaSubjects.CheckUsable, { viewerId, mediaIds, field: 'mediaIds' });
  const published = await rpc.send(NewsSubjects.PublishPost, { viewerId, ...post });
  if (mediaIds?.length) await rpc.send(MediaSubjects.AttachToPost, { viewerId, postId: published.id, mediaIds });
  return published;
}
