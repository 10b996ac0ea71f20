import { queryRow } from '@app/common';
import { PostMessageResult } from '../database/functions/post_message.function';
import { Db } from '../database/transaction';

/**
 * Stores the media of the messages just posted (in the same transaction as
 * post_messages, so a message is never seen without its album). A duplicate
 * send stored its media the first time.
 */
export async function attachMessageMedia(
  db: Db,
  items: Array<{ mediaIds?: string[] | null }>,
  results: Array<PostMessageResult | undefined>,
) {
  const messageIds: string[] = [];
  const positions: number[] = [];
  const mediaIds: string[] = [];
  items.forEach((item, i) => {
    const r = results[i];
    if (r?.status !== 'ok') return;
    (item.mediaIds ?? []).forEach((mediaId, position) => {
      messageIds.push(r.messageId);
      positions.push(position);
      mediaIds.push(mediaId);
    });
  });
  if (!mediaIds.length) return;
  await db.query(
    `INSERT INTO message_media (message_id, position, media_id)
     SELECT * FROM unnest($1::uuid[], $2::smallint[], $3::uuid[])`,
    [messageIds, positions, mediaIds],
  );
}

/**
 * Whether a user may see a media through a message: a current member of a
 * conversation where a message carrying it is not deleted and is within what
 * the member may read (a member removed earlier and added again sees up to
 * until_seq only while it is set).
 */
export async function mediaVisibleToMember(db: Db, userId: string, mediaId: string): Promise<boolean> {
  const row = await queryRow<{ visible: boolean }>(
    db,
    `SELECT EXISTS (
       SELECT 1 FROM message_media mm
         JOIN messages m ON m.id = mm.message_id
         JOIN members s ON s.conversation_id = m.conversation_id AND s.user_id = $1
         JOIN conversations c ON c.id = m.conversation_id
        WHERE mm.media_id = $2 AND m.deleted_at IS NULL AND s.left_at IS NULL
          AND m.seq <= COALESCE(s.until_seq, c.last_seq)) AS visible`,
    [userId, mediaId],
  );
  return !!row?.visible;
}
