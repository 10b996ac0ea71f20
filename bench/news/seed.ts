import { Client } from 'pg';
import { searchKey } from '@app/persian';
import { VOCABULARY } from './vocabulary';

export const CHANNELS = 2000;
export const FOLLOWED = 500;
/** Channels of 100k posts: the reader follows the first two. */
export const HUGE = ['bench_1', 'bench_2', 'bench_1001', 'bench_1002', 'bench_1003'];
export const HUGE_POSTS = 100_000;
export const POSTS_PER_CHANNEL = 251;
/** Tokens that each appear in about 100 posts: the rare end of search. */
export const RARE_TOKENS = 10_000;
/** The quiet reader follows 500 channels of 4 posts each: 0.2% of all posts, so the feed's first method finds too few. */
export const QUIET = 500;
export const QUIET_POSTS = 4;

/** Distinct texts drawn up front; each post takes one by a hash of its number, plus its own rare token. */
const POOL = 50_000;

/** Words from the vocabulary, skewed, as a SQL expression drawn per row of the pool (it names `g`). */
function words(min: number, spread: number): string {
  return `(SELECT string_agg(v.w[1 + floor(power(random(), 2) * v.n)::int], ' ')
             FROM generate_series(1, ${min} + (g % ${spread})), v)`;
}

/**
 * Seeds the bench database in SQL (generate_series, no row-by-row inserts):
 * 2,000 channels, ~1M posts (five channels of 100k, the rest ~251 each) over
 * the last 180 days, and a reader following 500 channels, two of the huge
 * ones among them. Indexes are dropped for the load and rebuilt from their
 * own definitions, then the tables are vacuumed so index-only scans work.
 */
export async function seed(
  db: Client,
  readerId: string,
  quietReaderId: string,
  log: (m: string) => void,
): Promise<{ posts: number; followedPosts: number }> {
  for (const w of VOCABULARY) if (searchKey(w) !== w || /\s/.test(w)) throw new Error(`vocabulary word not in search-key form: ${w}`);
  await db.query(`SET search_path = news, public`);
  await db.query(`SET maintenance_work_mem = '256MB'`);
  const t0 = Date.now();
  await db.query(`CREATE TEMP TABLE v AS SELECT $1::text[] AS w, array_length($1::text[], 1) AS n`, [VOCABULARY]);
  await db.query(
    `CREATE TEMP TABLE pool AS SELECT g AS k, ${words(3, 4)} AS title, ${words(10, 15)} AS text FROM generate_series(0, ${POOL - 1}) g`,
  );
  await db.query(`CREATE UNIQUE INDEX ON pool (k)`);
  await db.query(`
    INSERT INTO channels (handle, title, search_doc, compact_key, created_by)
    SELECT 'bench_' || g, 'کانال ' || g, 'bench ' || g || ' کانال ' || g, 'bench' || g || 'کانال' || g, gen_random_uuid()
      FROM generate_series(1, ${CHANNELS}) g`);
  await db.query(`
    INSERT INTO channels (handle, title, search_doc, compact_key, created_by)
    SELECT 'quiet_' || g, 'کانال آرام ' || g, 'quiet ' || g, 'quiet' || g, gen_random_uuid() FROM generate_series(1, ${QUIET}) g`);
  await db.query(`INSERT INTO subscriptions (user_id, channel_id) SELECT $1, id FROM channels WHERE handle LIKE 'quiet\\_%'`, [
    quietReaderId,
  ]);
  await db.query(
    `
    INSERT INTO subscriptions (user_id, channel_id)
    SELECT $1, id FROM channels WHERE handle LIKE 'bench\\_%' AND substr(handle, 7)::int <= ${FOLLOWED}`,
    [readerId],
  );
  await db.query(`UPDATE channels c SET subscriber_count = (SELECT count(*) FROM subscriptions s WHERE s.channel_id = c.id)`);

  const indexes = (
    await db.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'news' AND tablename = 'posts' AND indexname <> 'posts_pkey'`,
    )
  ).rows;
  for (const ix of indexes) await db.query(`DROP INDEX news.${ix.indexname}`);
  const insert = (channelFilter: string, perChannel: number) =>
    db.query(`
    INSERT INTO posts (channel_id, title, text, search_doc, published_at, announced_at)
    SELECT c.id, t.title, t.text || x.rare, t.title || ' ' || t.text || x.rare, x.at, x.at
      FROM (SELECT id, row_number() OVER () AS n FROM channels WHERE ${channelFilter}) c
      CROSS JOIN generate_series(1, ${perChannel}) g
      CROSS JOIN LATERAL (
        SELECT ' ویژه' || ((g::bigint * 7919 + c.n * 104729) % ${RARE_TOKENS}) AS rare,
               (g::bigint * 31337 + c.n * 7) % ${POOL} AS k,
               date_trunc('milliseconds', now() - random() * interval '180 days') AS at) x
      JOIN pool t ON t.k = x.k`);
  await insert(`handle = ANY('{${HUGE.join(',')}}')`, HUGE_POSTS);
  log(`  huge channels: ${HUGE.length} × ${HUGE_POSTS} posts (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  await insert(`handle <> ALL('{${HUGE.join(',')}}') AND handle LIKE 'bench\\_%'`, POSTS_PER_CHANNEL);
  await insert(`handle LIKE 'quiet\\_%'`, QUIET_POSTS);
  log(
    `  other channels: ${CHANNELS - HUGE.length} × ${POSTS_PER_CHANNEL} posts, ${QUIET} × ${QUIET_POSTS} (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
  );
  for (const ix of indexes) await db.query(ix.indexdef);
  log(`  indexes rebuilt (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  await db.query(`VACUUM ANALYZE news.posts`);
  await db.query(`VACUUM ANALYZE news.subscriptions`);
  await db.query(`VACUUM ANALYZE news.channels`);
  const counts = (
    await db.query(
      `SELECT count(*)::int AS posts,
      (SELECT count(*)::int FROM posts p JOIN subscriptions s ON s.channel_id = p.channel_id AND s.user_id = $1) AS followed FROM posts`,
      [readerId],
    )
  ).rows[0];
  log(`  vacuumed; ${counts.posts} posts, ${counts.followed} in the reader's channels (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  return { posts: counts.posts, followedPosts: counts.followed };
}
