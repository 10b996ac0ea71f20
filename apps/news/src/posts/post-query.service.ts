import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, isUuid, queryRow, queryRows } from '@app/common';
import { PostPage, PostView } from '@app/contracts';
import { toTsQuery } from '@app/persian';
import { CHANNEL_COLUMNS, ChannelRow, toChannelView } from '../channels/channel.row';
import { decodeCursor, KeysetCursor } from '../paging/cursor';
import { pageOf } from '../paging/page';
import { POST_COLUMNS, POST_CURSOR, postCursor, PostRow, toPostView } from './post.row';

/** Readers see a post once its time has come and until it is deleted. */
export const VISIBLE = `p.deleted_at IS NULL AND p.published_at <= now()`;

/**
 * A page's columns: the post's, and its channel as the viewer ($1) sees it,
 * as JSON (the page comes with its channels in the same round trip; a second
 * query for them was a second wait for every feed and search page).
 */
const PAGE_COLUMNS = `${POST_COLUMNS},
  (SELECT row_to_json(ch) FROM (SELECT ${CHANNEL_COLUMNS} FROM channels c WHERE c.id = p.channel_id) ch) AS channel`;

/** A row of a feed or search page. */
export type PageRow = PostRow & { channel: ChannelRow | null };

/**
 * Every read of posts. Lists are newest first by (published_at, id) with
 * keyset cursors, never OFFSET.
 */
@Injectable()
export class PostQueryService {
  private readonly runner: SqlRunner;

  constructor(private readonly ds: DataSource) {
    const runner = (db: DataSource | EntityManager): SqlRunner => ({
      rows: <T>(sql: string, params: unknown[]) => queryRows<T>(db, sql, params),
      serial: (fn) =>
        this.ds.transaction(async (m) => {
          await m.query('SET LOCAL max_parallel_workers_per_gather = 0');
          return fn(runner(m));
        }),
    });
    this.runner = runner(ds);
  }

  /** Visible posts among ids, in the order asked. */
  async byIds(viewerId: string, ids: string[]): Promise<PostView[]> {
    const valid = [...new Set(ids.filter(isUuid))];
    if (!valid.length) return [];
    const rows = await queryRows<PostRow>(this.ds, `SELECT ${POST_COLUMNS} FROM posts p WHERE p.id = ANY($2::uuid[]) AND ${VISIBLE}`, [
      viewerId,
      valid,
    ]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.filter((id) => byId.has(id)).map((id) => toPostView(byId.get(id)!));
  }

  /** NOT_FOUND unless the post is one readers see (to react to it or share it). */
  async requireVisible(postId: string): Promise<void> {
    if (
      !isUuid(postId) ||
      !(await queryRow<{ id: string }>(this.ds, `SELECT p.id FROM posts p WHERE p.id = $1 AND ${VISIBLE}`, [postId]))
    ) {
      throw DomainError.notFound('No such post');
    }
  }

  /** A page with its posts' channels (so the gateway needs no second request for them), each once, in the order they first appear. */
  private withChannels(rows: PageRow[], first: number): PostPage {
    const page = pageOf(rows, first, toPostView, postCursor);
    const channels = new Map<string, ChannelRow>();
    for (const row of rows.slice(0, first)) if (row.channel && !channels.has(row.channel.id)) channels.set(row.channel.id, row.channel);
    return { ...page, channels: [...channels.values()].map(toChannelView) };
  }

  /** One post as the viewer sees it; scheduled ones only for the channel's admins. NOT_FOUND otherwise. */
  async one(viewerId: string, postId: string): Promise<PostView> {
    if (!isUuid(postId)) throw DomainError.notFound('No such post');
    const row = await queryRow<PostRow>(
      this.ds,
      `SELECT ${POST_COLUMNS} FROM posts p WHERE p.id = $2 AND p.deleted_at IS NULL
         AND (p.published_at <= now() OR EXISTS (SELECT 1 FROM channel_admins a WHERE a.channel_id = p.channel_id AND a.user_id = $1))`,
      [viewerId, postId],
    );
    if (!row) throw DomainError.notFound('No such post');
    return toPostView(row);
  }

  /** The posts of every channel the viewer follows, newest first (see feedRows). */
  async feed(viewerId: string, first: number, after?: string | null): Promise<PostPage> {
    const rows = await feedRows(this.runner, viewerId, first, decodeCursor(POST_CURSOR, after));
    return this.withChannels(rows, first);
  }

  /** A channel's posts; its admins also see the scheduled ones (at the top, by their time). */
  async channelPosts(viewerId: string, channelId: string, first: number, after?: string | null): Promise<PostPage> {
    if (!isUuid(channelId)) throw DomainError.notFound('No such channel');
    const cursor = decodeCursor(POST_CURSOR, after);
    const [below, params] = keysetBelow(cursor, [viewerId, first + 1, channelId]);
    const rows = await queryRows<PostRow>(
      this.ds,
      `SELECT ${POST_COLUMNS} FROM posts p
        WHERE p.channel_id = $3 AND p.deleted_at IS NULL ${below}
          AND (p.published_at <= now() OR EXISTS (SELECT 1 FROM channel_admins a WHERE a.channel_id = $3 AND a.user_id = $1))
        ORDER BY p.published_at DESC, p.id DESC LIMIT $2`,
      params,
    );
    return pageOf(rows, first, toPostView, postCursor);
  }

  /**
   * Full-text search over title and text through the Persian search keys,
   * newest first. Every word must match, the last one as a prefix; a query of
   * several words also finds them written as one (کتاب خانه → کتابخانه), and
   * one written joined finds them written apart (libs/persian's toTsQuery).
   */
  async search(
    viewerId: string,
    query: string,
    channelId: string | null | undefined,
    first: number,
    after?: string | null,
  ): Promise<PostPage> {
    const cursor = decodeCursor(POST_CURSOR, after);
    const tsquery = toTsQuery(query);
    if (!tsquery) return pageOf([], first, toPostView, postCursor);
    if (channelId && !isUuid(channelId)) return pageOf([], first, toPostView, postCursor);
    const rows = await searchRows(this.runner, viewerId, tsquery, channelId ?? null, first, cursor);
    return this.withChannels(rows, first);
  }
}

/** How many of the newest posts (platform-wide) a feed or search page looks at first. */
export const WALK_BUDGET = 4000;
/** The longest second walk, sized from what the first found, before changing method. */
export const SECOND_WALK_MAX = 40_000;

/**
 * Walks once with WALK_BUDGET; when that found some but too few, once more,
 * long enough to find a page at the rate the first walk found them (with a
 * margin), if that stays under SECOND_WALK_MAX. Null: change method.
 */
async function walkTwice<R>(walk: (budget: number) => Promise<R[]>, first: number): Promise<R[] | null> {
  const found = await walk(WALK_BUDGET);
  if (found.length > first) return found;
  if (!found.length) return null;
  const budget = Math.ceil(((first + 1) / found.length) * WALK_BUDGET * 1.5);
  if (budget > SECOND_WALK_MAX) return null;
  const again = await walk(budget);
  return again.length > first ? again : null;
}

/** Runs SQL for the reads below: the service's DataSource, or the benchmark's plain connection (the same statements). */
export interface SqlRunner {
  rows<T>(sql: string, params: unknown[]): Promise<T[]>;
  /** Runs fn with parallel query off (a worker's start-up costs more than these small scans). */
  serial<T>(fn: (run: SqlRunner) => Promise<T>): Promise<T>;
}

/**
 * The rows of a feed page, newest first, `first + 1` of them when there are
 * more. Two methods, chosen at run time by what the data holds:
 *  1. walk the newest posts of the whole platform down from the cursor
 *     (posts_time, an index-only scan that carries channel_id), keeping the
 *     viewer's, for WALK_BUDGET posts, then once more as far as the rate
 *     found says a page needs (walkTwice): when the viewer's channels make
 *     up more than ~0.1% of recent posts, the page is found here, in a few
 *     milliseconds at most, however many channels they follow;
 *  2. only when that found too few: merge the newest posts of each followed
 *     channel (posts_channel_time, top-N per channel via LATERAL), whose cost
 *     grows with the channels followed, not with their posts.
 * A fan-out table (a row per subscriber per post) reads no faster than 1 and
 * would write 100k rows for a post to a channel of 100k subscribers (measured
 * in bench/news; figures in bench/README.md).
 */
export async function feedRows(run: SqlRunner, viewerId: string, first: number, cursor: KeysetCursor | null): Promise<PageRow[]> {
  const walked = await walkTwice((budget) => {
    const [below, params] = keysetBelow(cursor, [viewerId, first + 1, budget]);
    return run.rows<PageRow>(
      `WITH walk AS (
         SELECT p.id, p.published_at, p.channel_id FROM posts p
          WHERE ${VISIBLE} ${below}
          ORDER BY p.published_at DESC, p.id DESC LIMIT $3),
       mine AS (
         SELECT w.id FROM walk w
          WHERE w.channel_id IN (SELECT channel_id FROM subscriptions WHERE user_id = $1)
          ORDER BY w.published_at DESC, w.id DESC LIMIT $2)
       SELECT ${PAGE_COLUMNS} FROM mine JOIN posts p ON p.id = mine.id
        ORDER BY p.published_at DESC, p.id DESC`,
      params,
    );
  }, first);
  if (walked) return walked;
  const [belowMerge, mergeParams] = keysetBelow(cursor, [viewerId, first + 1]);
  return run.rows<PageRow>(
    `WITH top AS (
       SELECT t.id, t.published_at FROM subscriptions s
       CROSS JOIN LATERAL (
         SELECT p.id, p.published_at FROM posts p
          WHERE p.channel_id = s.channel_id AND ${VISIBLE} ${belowMerge}
          ORDER BY p.published_at DESC, p.id DESC LIMIT $2) t
       WHERE s.user_id = $1
       ORDER BY t.published_at DESC, t.id DESC LIMIT $2)
     SELECT ${PAGE_COLUMNS} FROM top JOIN posts p ON p.id = top.id
      ORDER BY p.published_at DESC, p.id DESC`,
    mergeParams,
  );
}

/**
 * The rows of a search page. As the feed: a bounded walk of the newest posts
 * finds a common word's newest matches at once; when it finds too few, every
 * match comes from the GIN index (materialized, so that the planner cannot
 * trade it for an unbounded walk on a bad estimate, as it does for a rare
 * word whose prefix it overestimates), then the newest of them.
 */
export async function searchRows(
  run: SqlRunner,
  viewerId: string,
  tsquery: string,
  channelId: string | null,
  first: number,
  cursor: KeysetCursor | null,
): Promise<PageRow[]> {
  /** Parameters $1 viewer, $2 page size + 1, $3 tsquery, then `extra`, then channel and cursor. */
  const build = (extra: unknown[]) => {
    const params: unknown[] = [viewerId, first + 1, tsquery, ...extra];
    let inChannel = '';
    if (channelId) {
      params.push(channelId);
      inChannel = `AND p.channel_id = $${params.length}`;
    }
    const [below, all] = keysetBelow(cursor, params);
    return { where: `${VISIBLE} ${inChannel} ${below}`, params: all };
  };
  const walked = await walkTwice((budget) => {
    const walk = build([budget]);
    return run.rows<PageRow>(
      `WITH walk AS (
         SELECT p.id, p.published_at, p.search_tsv FROM posts p WHERE ${walk.where}
          ORDER BY p.published_at DESC, p.id DESC LIMIT $4),
       hits AS (
         SELECT w.id FROM walk w WHERE w.search_tsv @@ to_tsquery('simple', $3)
          ORDER BY w.published_at DESC, w.id DESC LIMIT $2)
       SELECT ${PAGE_COLUMNS} FROM hits JOIN posts p ON p.id = hits.id
        ORDER BY p.published_at DESC, p.id DESC`,
      walk.params,
    );
  }, first);
  if (walked) return walked;
  const all = build([]);
  return run.serial((serial) =>
    serial.rows<PageRow>(
      `WITH matches AS MATERIALIZED (
       SELECT p.id, p.published_at FROM posts p WHERE p.search_tsv @@ to_tsquery('simple', $3) AND ${all.where}),
     top AS (SELECT id FROM matches ORDER BY published_at DESC, id DESC LIMIT $2)
     SELECT ${PAGE_COLUMNS} FROM top JOIN posts p ON p.id = top.id
      ORDER BY p.published_at DESC, p.id DESC`,
      all.params,
    ),
  );
}

/** The keyset condition "strictly after the cursor, newest first", appended to params. */
export function keysetBelow(cursor: KeysetCursor | null, params: unknown[]): [string, unknown[]] {
  if (!cursor) return ['', params];
  const n = params.length;
  return [
    `AND (p.published_at, p.id) < (timestamptz 'epoch' + $${n + 1}::bigint * interval '1 millisecond', $${n + 2}::uuid)`,
    [...params, cursor.key, cursor.id],
  ];
}
