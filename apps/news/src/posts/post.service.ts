import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, isUuid, queryRow, queryRows } from '@app/common';
import { EditPostRequest, ErrorCode, PostView, PublishPostRequest, SettledPostIds } from '@app/contracts';
import { ChannelService } from '../channels/channel.service';
import { AccountsClient } from '../clients/accounts.client';
import { NewsEnv } from '../config/news.env';
import { AnnouncerService } from '../live/announcer.service';
import { PostQueryService } from './post-query.service';
import { PostRow } from './post.row';
import { cleanPostText, cleanPostTitle, cleanPostUrl, postSearchDocument, scheduledTime } from './post.rules';

/** A post as its admins change it, deleted ones included. */
type AdminPostRow = Pick<PostRow, 'id' | 'channel_id' | 'title' | 'text' | 'url'> & { deleted_at: Date | null };

/** Publishing, editing and deleting posts: the channel's owner and admins only. */
@Injectable()
export class PostService {
  constructor(
    private readonly ds: DataSource,
    private readonly env: NewsEnv,
    private readonly accounts: AccountsClient,
    private readonly channels: ChannelService,
    private readonly reader: PostQueryService,
    private readonly announcer: AnnouncerService,
  ) {}

  async publish(input: PublishPostRequest): Promise<PostView> {
    await this.channels.requireRole(input.channelId, input.viewerId);
    const text = cleanPostText(input.text, this.env.POST_TEXT_MAX);
    const title = cleanPostTitle(input.title);
    const url = cleanPostUrl(input.url);
    const at = scheduledTime(input.scheduledAt);
    const signature = await this.signature(input.channelId, input.viewerId);
    const postId = input.postId ?? null;
    const row = await this.ds.transaction(async (db) => {
      if (postId) {
        // Takes turns with settleIds on this id: it is either published here or abandoned there, never both.
        await db.query(`SELECT pg_advisory_xact_lock(hashtext('post-id:' || $1))`, [postId]);
        const taken = await queryRow<{ author_id: string | null; channel_id: string | null }>(
          db,
          `SELECT p.author_id, p.channel_id FROM (SELECT $1::uuid AS id) i
             LEFT JOIN posts p ON p.id = i.id
            WHERE p.id IS NOT NULL OR EXISTS (SELECT 1 FROM abandoned_post_ids a WHERE a.id = i.id)`,
          [postId],
        );
        if (taken) {
          // The same publish again (a retry): the post it made.
          if (taken.author_id === input.viewerId && taken.channel_id === input.channelId) return { id: postId, due: false };
          if (taken.author_id === null) {
            // Abandoned: media let the album go, as this publish came too late. Nothing was made; publishing again is safe.
            throw new DomainError(ErrorCode.ServiceUnavailable, 'Publishing took too long; nothing was published, publish again');
          }
          throw new DomainError(ErrorCode.IdempotencyConflict, 'This post id is taken');
        }
      }
      // The database clock decides "now" (all copies share it); times are whole milliseconds.
      return (await queryRow<{ id: string; due: boolean }>(
        db,
        `INSERT INTO posts (id, channel_id, author_id, title, text, url, signature, search_doc, published_at)
         VALUES (coalesce($9::uuid, gen_random_uuid()), $1, $2, $3, $4, $5, $6, $7,
           CASE WHEN $8::timestamptz > clock_timestamp() THEN date_trunc('milliseconds', $8::timestamptz)
                ELSE date_trunc('milliseconds', clock_timestamp()) END)
         RETURNING id, published_at <= clock_timestamp() AS due`,
        [input.channelId, input.viewerId, title, text, url, signature, postSearchDocument(title, text), at?.toISOString() ?? null, postId],
      ))!;
    });
    if (row.due) this.announcer.poke();
    return this.reader.one(input.viewerId, row.id);
  }

  /**
   * For media, about ids it recorded an album under before the post was
   * published: ids of posts (in any state) are `posts`; every other id is
   * recorded as abandoned, so a publish still under way with it is refused
   * from now on, and answered as `abandoned`.
   */
  async settleIds(postIds: string[]): Promise<SettledPostIds> {
    const ids = [...new Set(postIds)].sort();
    if (!ids.length) return { posts: [], abandoned: [] };
    return this.ds.transaction(async (db) => {
      // In one order, so two settles of overlapping ids cannot deadlock.
      await db.query(`SELECT pg_advisory_xact_lock(hashtext('post-id:' || id)) FROM unnest($1::uuid[]) AS t(id) ORDER BY id`, [ids]);
      const found = await queryRows<{ id: string }>(db, `SELECT id FROM posts WHERE id = ANY($1::uuid[])`, [ids]);
      const posts = new Set(found.map((r) => r.id));
      const abandoned = ids.filter((id) => !posts.has(id));
      await db.query(`INSERT INTO abandoned_post_ids (id) SELECT unnest($1::uuid[]) ON CONFLICT DO NOTHING`, [abandoned]);
      return { posts: [...posts], abandoned };
    });
  }

  /** undefined keeps a field; a blank title or url removes it; text cannot be emptied. */
  async edit(input: EditPostRequest): Promise<PostView> {
    const post = await this.adminPost(input.postId, input.viewerId);
    const title = input.title !== undefined ? cleanPostTitle(input.title) : post.title;
    const text = input.text !== undefined && input.text !== null ? cleanPostText(input.text, this.env.POST_TEXT_MAX) : post.text;
    const url = input.url !== undefined ? cleanPostUrl(input.url) : post.url;
    await queryRows<never>(
      this.ds,
      `UPDATE posts SET title = $2, text = $3, url = $4, search_doc = $5, edited_at = now() WHERE id = $1 AND deleted_at IS NULL`,
      [post.id, title, text, url, postSearchDocument(title, text)],
    );
    return this.reader.one(input.viewerId, post.id);
  }

  /** Deleting a deleted post again is a harmless retry. */
  async delete(viewerId: string, postId: string): Promise<boolean> {
    const post = await this.adminPost(postId, viewerId, true);
    await queryRows<never>(this.ds, `UPDATE posts SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL`, [post.id]);
    return true;
  }

  /**
   * The author's display name, stored with the post when the channel signs
   * posts: a signature shows who wrote it then, and does not change when the
   * author later renames.
   */
  private async signature(channelId: string, authorId: string): Promise<string | null> {
    const channel = await queryRow<{ sign_posts: boolean }>(this.ds, `SELECT sign_posts FROM channels WHERE id = $1`, [channelId]);
    if (!channel?.sign_posts) return null;
    const user = await this.accounts.user(authorId, authorId);
    return user?.displayName ?? null;
  }

  private async adminPost(postId: string, viewerId: string, includeDeleted = false): Promise<AdminPostRow> {
    if (!isUuid(postId)) throw DomainError.notFound('No such post');
    const post = await queryRow<AdminPostRow>(this.ds, `SELECT id, channel_id, title, text, url, deleted_at FROM posts WHERE id = $1`, [
      postId,
    ]);
    if (!post || (post.deleted_at && !includeDeleted)) throw DomainError.notFound('No such post');
    await this.channels.requireRole(post.channel_id, viewerId);
    return post;
  }
}
