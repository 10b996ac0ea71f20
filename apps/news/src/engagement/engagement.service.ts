import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUuid, queryRows } from '@app/common';
import { PostView } from '@app/contracts';
import { PostQueryService, VISIBLE } from '../posts/post-query.service';
import { cleanEmoji } from '../posts/post.rules';

/** Views and reactions: one of each per user per post, enforced by primary keys. */
@Injectable()
export class EngagementService {
  constructor(
    private readonly ds: DataSource,
    private readonly reader: PostQueryService,
  ) {}

  /**
   * Counts a view per visible post the viewer has not viewed before. The count
   * moves in the statement that inserts the view row, so it stays exact
   * however often and however concurrently this runs; rows are taken in id
   * order so that two overlapping calls cannot deadlock.
   */
  async view(viewerId: string, postIds: string[]): Promise<PostView[]> {
    const ids = [...new Set(postIds.filter(isUuid))].sort();
    if (!ids.length) return [];
    await queryRows<never>(
      this.ds,
      `WITH visible AS (
         SELECT p.id FROM posts p WHERE p.id = ANY($2::uuid[]) AND ${VISIBLE} ORDER BY p.id),
       added AS (
         INSERT INTO post_views (post_id, user_id) SELECT id, $1 FROM visible ORDER BY id
         ON CONFLICT DO NOTHING RETURNING post_id),
       locked AS (
         SELECT id FROM posts WHERE id IN (SELECT post_id FROM added) ORDER BY id FOR UPDATE)
       UPDATE posts p SET view_count = p.view_count + 1 FROM locked WHERE p.id = locked.id`,
      [viewerId, ids],
    );
    return this.reader.byIds(viewerId, postIds);
  }

  /** Sets, replaces or (emoji null) removes the viewer's one reaction. */
  async react(viewerId: string, postId: string, emojiInput: string | null | undefined): Promise<PostView> {
    const emoji = cleanEmoji(emojiInput);
    await this.reader.requireVisible(postId);
    if (emoji === null) {
      await queryRows<never>(this.ds, `DELETE FROM post_reactions WHERE post_id = $1 AND user_id = $2`, [postId, viewerId]);
    } else {
      await queryRows<never>(
        this.ds,
        `INSERT INTO post_reactions (post_id, user_id, emoji) VALUES ($1, $2, $3)
         ON CONFLICT (post_id, user_id) DO UPDATE SET emoji = EXCLUDED.emoji,
           reacted_at = CASE WHEN post_reactions.emoji = EXCLUDED.emoji THEN post_reactions.reacted_at ELSE now() END`,
        [postId, viewerId, emoji],
      );
    }
    return this.reader.one(viewerId, postId);
  }
}
