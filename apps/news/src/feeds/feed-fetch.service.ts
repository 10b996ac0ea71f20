import { Inject, Injectable } from '@nestjs/common';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { LOGGER, queryRow, queryRows } from '@app/common';
import { NewsEnv } from '../config/news.env';
import { AnnouncerService } from '../live/announcer.service';
import { AddressPolicy, FeedFetchError } from './address-guard';
import { fetchFeed } from './feed-http';
import { decodeFeed, parseEntries } from './feed-items';
import { FeedImportService } from './feed-import.service';
import { FeedSourceRow } from './feed-source.row';
import { intervalAfterFailure, intervalAfterSuccess } from './poll-interval';

/**
 * Fetches one feed source at a time across all copies: a fetch first takes
 * the source's lease (a token and an expiry in its row, set by one
 * conditional UPDATE), and its results are written only while that token is
 * still the lease (fencing), so a copy that stalled past its lease cannot
 * overwrite a newer fetch. A copy that dies mid-fetch leaves a lease that
 * simply expires.
 */
@Injectable()
export class FeedFetchService {
  readonly policy: AddressPolicy;
  private readonly bounds: { minSeconds: number; maxSeconds: number };

  constructor(
    private readonly ds: DataSource,
    private readonly env: NewsEnv,
    private readonly importer: FeedImportService,
    private readonly announcer: AnnouncerService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.policy = new AddressPolicy(env.FEEDS_ALLOW_PRIVATE);
    this.bounds = {
      minSeconds: env.FEEDS_MIN_INTERVAL_SECONDS,
      maxSeconds: Math.max(env.FEEDS_MIN_INTERVAL_SECONDS, env.FEEDS_MAX_INTERVAL_SECONDS),
    };
  }

  /** Long enough for the slowest fetch and its import. */
  get leaseSeconds(): number {
    return Math.ceil((this.env.FEEDS_FETCH_TIMEOUT_MS * 2) / 1000) + 60;
  }

  get initialIntervalSeconds(): number {
    return this.bounds.minSeconds;
  }

  /** Claims up to `limit` due sources for this copy. */
  async claimDue(limit: number): Promise<FeedSourceRow[]> {
    return queryRows<FeedSourceRow>(
      this.ds,
      `UPDATE feed_sources f SET lease_token = gen_random_uuid(), lease_until = now() + make_interval(secs => $2)
        WHERE f.id IN (
          SELECT id FROM feed_sources
           WHERE removed_at IS NULL AND next_fetch_at <= now() AND (lease_until IS NULL OR lease_until < now())
           ORDER BY next_fetch_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING f.*`,
      [limit, this.leaseSeconds],
    );
  }

  /** Claims one source whatever its schedule; null while another fetch holds it. */
  async claimOne(sourceId: string): Promise<FeedSourceRow | null> {
    const row = await queryRow<FeedSourceRow>(
      this.ds,
      `UPDATE feed_sources SET lease_token = gen_random_uuid(), lease_until = now() + make_interval(secs => $2)
        WHERE id = $1 AND removed_at IS NULL AND (lease_until IS NULL OR lease_until < now())
        RETURNING *`,
      [sourceId, this.leaseSeconds],
    );
    return row ?? null;
  }

  /** Fetches a claimed source, imports its new items and releases the lease with the outcome. */
  async run(source: FeedSourceRow): Promise<void> {
    try {
      const result = await fetchFeed(source.url, {
        policy: this.policy,
        timeoutMs: this.env.FEEDS_FETCH_TIMEOUT_MS,
        maxBytes: this.env.FEEDS_MAX_BYTES,
        maxRedirects: this.env.FEEDS_MAX_REDIRECTS,
        userAgent: this.env.FEEDS_USER_AGENT,
        etag: source.etag,
        lastModified: source.last_modified,
      });
      if (result.notModified) {
        await this.release(source, {
          error: null,
          reason: null,
          interval: Math.max(source.interval_seconds, this.bounds.minSeconds),
          etag: source.etag,
          lastModified: source.last_modified,
        });
        return;
      }
      const entries = parseEntries(decodeFeed(result.body, result.contentType), result.url, {
        limit: this.env.FEEDS_MAX_ITEMS_PER_FETCH,
        textMax: this.env.POST_TEXT_MAX,
      });
      const created = await this.importer.import(source, entries);
      if (created) this.announcer.poke();
      const interval = intervalAfterSuccess(
        entries.map((e) => e.publishedAt),
        new Date(),
        this.bounds,
      );
      await this.release(source, { error: null, reason: null, interval, etag: result.etag, lastModified: result.lastModified });
    } catch (err) {
      const message =
        err instanceof FeedFetchError
          ? err.message
          : 'The feed could not be processed because of an error on our side; it will be tried again';
      if (!(err instanceof FeedFetchError)) this.logger.error({ err, sourceId: source.id }, 'feed fetch failed unexpectedly');
      await this.release(source, {
        error: message,
        reason: err instanceof FeedFetchError ? err.reason : 'INTERNAL',
        interval: intervalAfterFailure(source.interval_seconds, source.failures + 1, this.bounds),
        etag: source.etag,
        lastModified: source.last_modified,
      }).catch((e) => this.logger.error({ err: e, sourceId: source.id }, 'could not record a feed fetch'));
    }
  }

  private async release(
    source: FeedSourceRow,
    outcome: { error: string | null; reason: string | null; interval: number; etag: string | null; lastModified: string | null },
  ) {
    await queryRows<never>(
      this.ds,
      `UPDATE feed_sources SET
         last_fetched_at = now(), last_error = $3, last_error_reason = $7, etag = $4, last_modified = $5,
         failures = CASE WHEN $3::text IS NULL THEN 0 ELSE failures + 1 END,
         interval_seconds = CASE WHEN $3::text IS NULL THEN $6 ELSE interval_seconds END,
         next_fetch_at = now() + make_interval(secs => $6),
         lease_token = NULL, lease_until = NULL
       WHERE id = $1 AND lease_token = $2`,
      [source.id, source.lease_token, outcome.error, outcome.etag, outcome.lastModified, outcome.interval, outcome.reason],
    );
  }
}
