import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '@app/common';
import { postSearchDocument } from '../posts/post.rules';
import { FeedEntry } from './feed-items';

/**
 * Turns feed entries into posts, each item once. The guard is the primary
 * key of feed_item_keys (channel, key), not a read: an entry's keys are
 * inserted first, in sorted order (so two overlapping imports cannot
 * deadlock); when any of them already exists, or another import holding it
 * commits first, the entry is a known item and no post is made. Its new keys
 * (a guid the feed changed, say) are kept and point at the post it already is.
 */
@Injectable()
export class FeedImportService {
  constructor(private readonly ds: DataSource) {}

  /** Returns how many posts were created. */
  async import(source: { id: string; channel_id: string }, entries: FeedEntry[]): Promise<number> {
    let created = 0;
    for (const entry of entries) if (await this.importOne(source, entry)) created++;
    return created;
  }

  private importOne(source: { id: string; channel_id: string }, entry: FeedEntry): Promise<boolean> {
    return this.ds.transaction(async (db) => {
      const keys = [...entry.keys].sort();
      const fresh = await queryRows<{ key: string }>(
        db,
        `INSERT INTO feed_item_keys (channel_id, key, source_id)
         SELECT $1, k, $2 FROM unnest($3::text[]) AS k ORDER BY k
         ON CONFLICT DO NOTHING RETURNING key`,
        [source.channel_id, source.id, keys],
      );
      if (fresh.length < keys.length) {
        if (fresh.length) {
          await queryRows<never>(
            db,
            `UPDATE feed_item_keys SET post_id = (
               SELECT post_id FROM feed_item_keys WHERE channel_id = $1 AND key = ANY($3::text[]) AND post_id IS NOT NULL LIMIT 1)
             WHERE channel_id = $1 AND key = ANY($2::text[])`,
            [source.channel_id, fresh.map((f) => f.key), keys],
          );
        }
        return false;
      }
      const [post] = await queryRows<{ id: string }>(
        db,
        `INSERT INTO posts (channel_id, feed_source_id, title, text, url, search_doc, published_at)
         VALUES ($1, $2, $3, $4, $5, $6, LEAST(date_trunc('milliseconds', $7::timestamptz), date_trunc('milliseconds', clock_timestamp())))
         RETURNING id`,
        [
          source.channel_id,
          source.id,
          entry.title,
          entry.text,
          entry.url,
          postSearchDocument(entry.title, entry.text),
          entry.publishedAt.toISOString(),
        ],
      );
      await queryRows<never>(db, `UPDATE feed_item_keys SET post_id = $3 WHERE channel_id = $1 AND key = ANY($2::text[])`, [
        source.channel_id,
        keys,
        post.id,
      ]);
      await queryRows<never>(db, `UPDATE feed_sources SET post_count = post_count + 1 WHERE id = $1`, [source.id]);
      return true;
    });
  }
}
