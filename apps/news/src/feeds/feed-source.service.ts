import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, isUuid, queryRow, queryRows } from '@app/common';
import { ErrorCode, FeedSourceView } from '@app/contracts';
import { ChannelService } from '../channels/channel.service';
import { NewsEnv } from '../config/news.env';
import { FeedFetchError, resolveHost } from './address-guard';
import { FeedFetchService } from './feed-fetch.service';
import { parseFeedUrl } from './feed-http';
import { FeedPollerService } from './feed-poller.service';
import { FeedSourceRow, toFeedSourceView } from './feed-source.row';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Feed sources of a channel: its owner and admins add, remove, refresh and see them. */
@Injectable()
export class FeedSourceService {
  constructor(
    private readonly ds: DataSource,
    private readonly env: NewsEnv,
    private readonly channels: ChannelService,
    private readonly fetcher: FeedFetchService,
    private readonly poller: FeedPollerService,
  ) {}

  /**
   * The address is checked now (form, and that it resolves to addresses
   * feeds may reach); the first fetch starts right after. Adding a feed the
   * channel already has returns that source.
   */
  async add(viewerId: string, channelId: string, rawUrl: string): Promise<FeedSourceView> {
    await this.channels.requireRole(channelId, viewerId);
    let url: string;
    try {
      const parsed = parseFeedUrl(rawUrl);
      await resolveHost(parsed.hostname, this.fetcher.policy);
      url = parsed.toString();
    } catch (err) {
      if (err instanceof FeedFetchError) throw new DomainError(ErrorCode.BadUserInput, err.message, { field: 'url', reason: err.reason });
      throw err;
    }
    const row = await queryRow<FeedSourceRow>(
      this.ds,
      `WITH added AS (
         INSERT INTO feed_sources (channel_id, url, added_by, interval_seconds)
         SELECT $1, $2, $3, $4
          WHERE (SELECT count(*) FROM feed_sources WHERE channel_id = $1 AND removed_at IS NULL) < $5
         ON CONFLICT (channel_id, url) WHERE removed_at IS NULL DO NOTHING
         RETURNING *)
       SELECT * FROM added
       UNION ALL SELECT * FROM feed_sources WHERE channel_id = $1 AND url = $2 AND removed_at IS NULL
       LIMIT 1`,
      [channelId, url, viewerId, this.fetcher.initialIntervalSeconds, this.env.FEEDS_MAX_PER_CHANNEL],
    );
    // A concurrent add of the same address committed after this statement's snapshot: it is that source.
    const source =
      row ??
      (await queryRow<FeedSourceRow>(this.ds, `SELECT * FROM feed_sources WHERE channel_id = $1 AND url = $2 AND removed_at IS NULL`, [
        channelId,
        url,
      ]));
    if (!source) throw DomainError.badInput('url', `A channel has at most ${this.env.FEEDS_MAX_PER_CHANNEL} feeds`);
    this.poller.poke();
    return toFeedSourceView(source);
  }

  async remove(viewerId: string, sourceId: string): Promise<boolean> {
    const source = await this.adminSource(viewerId, sourceId);
    await queryRows<never>(this.ds, `UPDATE feed_sources SET removed_at = now() WHERE id = $1 AND removed_at IS NULL`, [source.id]);
    return true;
  }

  /** Only the channel's admins see its feeds; everyone else gets an empty list. */
  async list(viewerId: string, channelId: string): Promise<FeedSourceView[]> {
    if (!isUuid(channelId)) return [];
    const rows = await queryRows<FeedSourceRow>(
      this.ds,
      `SELECT f.* FROM feed_sources f
        WHERE f.channel_id = $1 AND f.removed_at IS NULL
          AND EXISTS (SELECT 1 FROM channel_admins a WHERE a.channel_id = $1 AND a.user_id = $2)
        ORDER BY f.created_at, f.id`,
      [channelId, viewerId],
    );
    return rows.map(toFeedSourceView);
  }

  /**
   * Fetches now. When another fetch of this source is under way (a poll, on
   * this copy or another), waits for it instead of fetching twice at once,
   * and returns what it found.
   */
  async refresh(viewerId: string, sourceId: string): Promise<FeedSourceView> {
    const source = await this.adminSource(viewerId, sourceId);
    const waitUntil = Date.now() + this.env.FEEDS_FETCH_TIMEOUT_MS * 2 + 5000;
    for (;;) {
      const claimed = await this.fetcher.claimOne(source.id);
      if (claimed) {
        await this.fetcher.run(claimed);
        break;
      }
      const current = await queryRow<FeedSourceRow>(this.ds, `SELECT * FROM feed_sources WHERE id = $1`, [source.id]);
      if (!current || current.removed_at) throw DomainError.notFound('No such feed source');
      if (current.lease_token === null || Date.now() > waitUntil) break;
      await sleep(100);
    }
    return toFeedSourceView((await queryRow<FeedSourceRow>(this.ds, `SELECT * FROM feed_sources WHERE id = $1`, [source.id]))!);
  }

  private async adminSource(viewerId: string, sourceId: string): Promise<FeedSourceRow> {
    if (!isUuid(sourceId)) throw DomainError.notFound('No such feed source');
    const source = await queryRow<FeedSourceRow>(this.ds, `SELECT * FROM feed_sources WHERE id = $1 AND removed_at IS NULL`, [sourceId]);
    if (!source) throw DomainError.notFound('No such feed source');
    await this.channels.requireRole(source.channel_id, viewerId);
    return source;
  }
}
