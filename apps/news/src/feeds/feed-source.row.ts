import { FeedSourceView } from '@app/contracts';

/** A feed_sources row, whole (the queries select and return `*`). */
export interface FeedSourceRow {
  id: string;
  channel_id: string;
  url: string;
  added_by: string;
  created_at: Date;
  etag: string | null;
  last_modified: string | null;
  last_fetched_at: Date | null;
  last_error: string | null;
  last_error_reason: string | null;
  post_count: number;
  interval_seconds: number;
  failures: number;
  next_fetch_at: Date;
  lease_token: string | null;
  lease_until: Date | null;
  removed_at: Date | null;
}

export function toFeedSourceView(row: FeedSourceRow): FeedSourceView {
  return {
    id: row.id,
    channelId: row.channel_id,
    url: row.url,
    lastFetchedAt: row.last_fetched_at ? new Date(row.last_fetched_at).toISOString() : null,
    lastError: row.last_error,
    lastErrorReason: row.last_error_reason,
    postCount: row.post_count,
  };
}
