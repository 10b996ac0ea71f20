import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import { LOGGER, queryRow, queryRows } from '@app/common';
import { LinkPreviewView } from '@app/contracts';
import { NewsEnv } from '../config/news.env';
import { FeedFetchError } from '../feeds/address-guard';
import { FeedFetchService } from '../feeds/feed-fetch.service';
import { fetchFeed, parseFeedUrl } from '../feeds/feed-http';
import { pageMeta } from './page-meta.rules';

const FRESH_HOURS = 24;
const FAILED_RETRY_HOURS = 1;
const MAX_PAGE_BYTES = 1024 * 1024;

interface PreviewRow {
  url: string;
  fetched_at: Date;
  title: string | null;
  description: string | null;
  site_name: string | null;
  image_url: string | null;
}

/**
 * Link previews, fetched by the server with the feed fetcher itself (the
 * same address guard against private networks, the same size, time and
 * redirect limits) and kept in link_previews: a day for a page that had
 * one, an hour for one that did not, so a link shared everywhere is fetched
 * once.
 */
@Injectable()
export class LinkPreviewService {
  constructor(
    private readonly ds: DataSource,
    private readonly env: NewsEnv,
    private readonly feeds: FeedFetchService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async preview(rawUrl: string): Promise<LinkPreviewView | null> {
    let url: string;
    try {
      url = parseFeedUrl(rawUrl).toString();
    } catch {
      return null;
    }
    const cached = await queryRow<PreviewRow>(
      this.ds,
      `SELECT * FROM link_previews WHERE url = $1
          AND fetched_at > now() - make_interval(hours => CASE WHEN title IS NULL THEN $2::int ELSE $3::int END)`,
      [url, FAILED_RETRY_HOURS, FRESH_HOURS],
    );
    const row = cached ?? (await this.fetchAndKeep(url));
    return row.title ? { url, title: row.title, description: row.description, siteName: row.site_name, imageUrl: row.image_url } : null;
  }

  private async fetchAndKeep(url: string): Promise<PreviewRow> {
    let meta: ReturnType<typeof pageMeta> = null;
    try {
      const page = await fetchFeed(url, {
        policy: this.feeds.policy,
        timeoutMs: Math.min(this.env.FEEDS_FETCH_TIMEOUT_MS, 8000),
        maxBytes: MAX_PAGE_BYTES,
        maxRedirects: this.env.FEEDS_MAX_REDIRECTS,
        userAgent: this.env.FEEDS_USER_AGENT,
      });
      if (!page.notModified && /html/i.test(page.contentType ?? 'text/html')) meta = pageMeta(page.body.toString('utf8'), page.url);
    } catch (err) {
      if (!(err instanceof FeedFetchError)) throw err;
      this.logger.info({ reason: err.reason }, 'link preview fetch failed');
    }
    const [row] = await queryRows<PreviewRow>(
      this.ds,
      `INSERT INTO link_previews (url, fetched_at, title, description, site_name, image_url)
       VALUES ($1, now(), $2, $3, $4, $5)
       ON CONFLICT (url) DO UPDATE SET fetched_at = now(), title = $2, description = $3, site_name = $4, image_url = $5
       RETURNING *`,
      [url, meta?.title ?? null, meta?.description ?? null, meta?.siteName ?? null, meta?.imageUrl ?? null],
    );
    return row;
  }
}
