import { randomUUID } from 'node:crypto';
import { RpcClient } from '@app/common';
import { MediaSubjects, NewsSubjects, PostView, PublishPostRequest } from '@app/contracts';

/**
 * publishPost with an album, in two steps that never show a post without
 * its media nor leave media held by a post that is not there: the post's id
 * is chosen here; media checks the media (the author's own finished
 * uploads, BAD_USER_INPUT on mediaIds otherwise) and records the album under
 * that id, pending (idempotent by the id); then news publishes the post with
 * that id (idempotent by the id too), so once the post is visible its album
 * is already there. If the second step fails or never happens, media's
 * PostMediaSettler later asks news about the id, news records it as never
 * to be a post (a late publish with it is refused), and the album goes.
 */
export async function publishWithMedia(
  rpc: RpcClient,
  viewerId: string,
  input: Omit<PublishPostRequest, 'viewerId' | 'postId'> & { mediaIds?: string[] | null },
): Promise<PostView> {
  const { mediaIds, ...post } = input;
  if (!mediaIds?.length) return rpc.send(NewsSubjects.PublishPost, { viewerId, ...post });
  const postId = randomUUID();
  await rpc.send(MediaSubjects.AttachToPost, { viewerId, postId, mediaIds });
  return rpc.send(NewsSubjects.PublishPost, { viewerId, ...post, postId });
}
