// The feed and search at scale: a reader of 500 channels over ~1M posts, read
// through the gateway, against the same statement timed alone in PostgreSQL
// (the baseline), in alternating rounds (shared/performance.md: trust ratios
// from one run). Also times the two feed designs not chosen, as SQL.
// Usage: node scripts/build.mjs && node dist/bench/news/run.js
// Env: DATABASE_URL (the PostgreSQL server to create the bench database on),
//      BENCH_ROUNDS (3), BENCH_SECONDS per load phase (10), BENCH_RATE (the steady fixed arrival rate, req/s; default 25).
import { ChildProcess, fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { encodeCursor } from '../../apps/news/src/paging/cursor';
import { toTsQuery } from '@app/persian';
import { feedRows, keysetBelow, searchRows, SqlRunner, VISIBLE } from '../../apps/news/src/posts/post-query.service';
import { POST_COLUMNS, POST_CURSOR } from '../../apps/news/src/posts/post.row';
import { Figures, fixedRate, ReadBody, saturate, timeSql } from './measure';
import { FOLLOWED, QUIET, QUIET_POSTS, seed } from './seed';
import { VOCABULARY } from './vocabulary';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const root = path.resolve(__dirname, '../../..');
const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

const FEED = `query($a:String){ feed(first:20, after:$a){ edges { cursor node { id title text publishedAt views reactions { emoji count reactedByMe } channel { id title } } } pageInfo { hasNextPage endCursor } } }`;
const SEARCH = `query($q:String!){ searchPosts(query:$q, first:20){ edges { cursor node { id title publishedAt channel { id } } } pageInfo { hasNextPage endCursor } } }`;

/** scripts/stack.mjs's launcher: a private nats-server and the database the benches use. */
type StartTestStack = (options: { dataDir: string; log: (m: string) => void }) => Promise<{
  databaseUrl: string;
  natsUrl: string;
  stop(): Promise<void>;
}>;

function start<T>(role: string, env: NodeJS.ProcessEnv): Promise<T> {
  const child = fork(path.join(__dirname, 'server.js'), [role], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code} before it was ready`)));
  });
}

async function stopChildren(): Promise<void> {
  await Promise.all(
    [...children].map(
      (c) =>
        new Promise<void>((resolve) => {
          const force = setTimeout(() => c.kill('SIGKILL'), 15_000);
          c.once('exit', () => {
            clearTimeout(force);
            resolve();
          });
          c.kill('SIGTERM');
        }),
    ),
  );
}

const ms = (v: number) => v.toFixed(2);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** The service's own reads, on the bench's connection. */
function runner(db: Client): SqlRunner {
  const run: SqlRunner = {
    rows: async (sql, params) => (await db.query(sql, params)).rows,
    serial: async (fn) => {
      await db.query('BEGIN');
      try {
        await db.query('SET LOCAL max_parallel_workers_per_gather = 0');
        const result = await fn(run);
        await db.query('COMMIT');
        return result;
      } catch (err) {
        await db.query('ROLLBACK');
        throw err;
      }
    },
  };
  return run;
}

const row = (name: string, f: Figures) => `| ${name} | ${f.perSecond.toFixed(0)} | ${ms(f.p50)} | ${ms(f.p99)} | ${ms(f.max)} |`;

type Services = { databaseUrl: string; token: string; userId: string; quietToken: string; quietUserId: string };
type Timed = () => Promise<unknown>;

/** What each round measures: SQL alone (the chosen design and the two not chosen) and the gateway's request bodies. */
interface Workloads {
  feedSql: Timed[];
  quietSql: Timed[];
  naive: Timed[];
  fanout: Timed[];
  searchSql: Timed[];
  feedBodies: string[];
  quietBodies: string[];
  searchBodies: string[];
}

const fullFeedPage = (j: ReadBody) => j.data?.feed?.edges?.length === 20 && j.data.feed.edges.every((e) => e.node.channel?.id);
const searchOk = (j: ReadBody) => Array.isArray(j.data?.searchPosts?.edges) && j.data.searchPosts.edges.length > 0;
const STEADY = Number(process.env.BENCH_RATE ?? 25);

async function main(): Promise<number> {
  // A private nats-server: never the machine's, whose other users' streams must not be touched.
  delete process.env.NATS_URL;
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
  const importEsm = new Function('s', 'return import(s)') as (s: string) => Promise<{ startTestStack: StartTestStack }>;
  const { startTestStack } = await importEsm(path.join(root, 'scripts/stack.mjs'));
  const stack = await startTestStack({ dataDir: path.join(os.tmpdir(), 'superapp-bench-data'), log: () => undefined });
  const env = { ...process.env, DATABASE_URL: stack.databaseUrl, NATS_URL: stack.natsUrl };
  let db: Client | undefined;
  try {
    const services = await start<Services>('services', env);
    const gateway = await start<{ url: string }>('gateway', env);
    db = new Client({ connectionString: services.databaseUrl });
    await db.connect();
    console.log('seeding…');
    const counts = await seed(db, services.userId, services.quietUserId, (m) => console.log(m));
    const work = await workloads(db, services);
    console.log(`\n${counts.posts} posts; the reader follows ${FOLLOWED} channels holding ${counts.followedPosts} of them`);
    console.log('warming up…');
    await timeSql([...work.feedSql, ...work.quietSql, ...work.naive, ...work.fanout, ...work.searchSql], 200);
    const warm = await saturate(gateway.url, services.token, work.feedBodies, 4, 3, fullFeedPage);
    await saturate(gateway.url, services.quietToken, work.quietBodies, 2, 1, fullFeedPage);
    await saturate(gateway.url, services.token, work.searchBodies, 4, 2, searchOk);
    const rounds: Record<string, Figures[]> = {};
    let bad = warm.bad;
    for (let round = 0; round < ROUNDS; round++) bad += await measureRound(round, gateway.url, services, work, rounds);
    printSummary(rounds);
    if (bad) console.error(`FAIL: ${bad} error responses`);
    return bad ? 1 : 0;
  } finally {
    await db?.end().catch(() => undefined);
    await stopChildren();
    await stack.stop();
  }
}

async function workloads(db: Client, services: Services): Promise<Workloads> {
  const viewer = services.userId;
  const run = runner(db);
  // Three feed positions: the top, the second page, and a page three months down.
  const top = await feedRows(run, viewer, 20, null);
  if (top.length !== 21) throw new Error(`expected a full feed page, got ${top.length}`);
  const page2 = { key: new Date(top[19].published_at).getTime(), id: top[19].id };
  const deepRow = (
    await db.query(
      `SELECT p.id, p.published_at FROM posts p JOIN subscriptions s ON s.channel_id = p.channel_id AND s.user_id = $1
      WHERE p.published_at < now() - interval '90 days' ORDER BY p.published_at DESC LIMIT 1`,
      [viewer],
    )
  ).rows[0];
  const deep = { key: new Date(deepRow.published_at).getTime(), id: deepRow.id };
  const cursors = [null, page2, deep];
  // Search: a common word, a middling one, a rare token (~100 posts), two common words, a prefix being typed.
  // …and two middling words that rarely meet (the hardest: the walks find few, the GIN index intersects two long lists).
  const searches = [
    VOCABULARY[0],
    VOCABULARY[40],
    'ویژه4321',
    `${VOCABULARY[1]} ${VOCABULARY[2]}`,
    VOCABULARY[3].slice(0, 3),
    `${VOCABULARY[VOCABULARY.length - 2]} ${VOCABULARY[VOCABULARY.length - 1]}`,
  ];
  return {
    feedSql: cursors.map((c) => () => feedRows(run, viewer, 20, c)),
    quietSql: [() => feedRows(run, services.quietUserId, 20, null)],
    ...(await alternatives(db, viewer, cursors)),
    searchSql: searches.map((q) => () => searchRows(run, viewer, toTsQuery(q)!, null, 20, null)),
    feedBodies: cursors.map((c) => JSON.stringify({ query: FEED, variables: { a: c ? encodeCursor(POST_CURSOR, c.key, c.id) : null } })),
    quietBodies: [JSON.stringify({ query: FEED, variables: { a: null } })],
    searchBodies: searches.map((q) => JSON.stringify({ query: SEARCH, variables: { q } })),
  };
}

/** The designs not chosen, as SQL only: the global time index filtered by subscription, and a fan-out table. */
async function alternatives(db: Client, viewer: string, cursors: Array<{ key: number; id: string } | null>) {
  const naive = cursors.map((c) => {
    const [below, params] = keysetBelow(c, [viewer, 21]);
    const sql = `SELECT ${POST_COLUMNS} FROM posts p WHERE p.channel_id IN (SELECT channel_id FROM subscriptions WHERE user_id = $1)
                   AND ${VISIBLE} ${below} ORDER BY p.published_at DESC, p.id DESC LIMIT $2`;
    return () => db.query(sql, params);
  });
  await db.query(
    `CREATE TABLE bench_fanout (user_id uuid, published_at timestamptz, post_id uuid, PRIMARY KEY (user_id, published_at, post_id))`,
  );
  await db.query(
    `INSERT INTO bench_fanout SELECT s.user_id, p.published_at, p.id FROM posts p JOIN subscriptions s ON s.channel_id = p.channel_id`,
  );
  await db.query(`VACUUM ANALYZE bench_fanout`);
  const fanout = cursors.map((c) => {
    const below = c ? `AND (f.published_at, f.post_id) < (timestamptz 'epoch' + $3::bigint * interval '1 millisecond', $4::uuid)` : '';
    const sql = `WITH top AS (SELECT f.post_id, f.published_at FROM bench_fanout f WHERE f.user_id = $1 ${below}
                   ORDER BY f.published_at DESC, f.post_id DESC LIMIT $2)
                 SELECT ${POST_COLUMNS} FROM top JOIN posts p ON p.id = top.post_id WHERE ${VISIBLE} ORDER BY p.published_at DESC, p.id DESC`;
    return () => db.query(sql, c ? [viewer, 21, c.key, c.id] : [viewer, 21]);
  });
  return { naive, fanout };
}

/** One round of every measurement, added to `rounds` by name; returns the error responses. */
async function measureRound(round: number, url: string, services: Services, work: Workloads, rounds: Record<string, Figures[]>) {
  const add = (name: string, f: Figures) => (rounds[name] ??= []).push(f);
  add('feed SQL alone (baseline)', await timeSql(work.feedSql, 600));
  add(`quiet reader feed SQL alone (${QUIET} channels × ${QUIET_POSTS} posts)`, await timeSql(work.quietSql, 200));
  add('alternative: unbounded walk of the time index', await timeSql(work.naive, 150));
  add('alternative: fan-out table', await timeSql(work.fanout, 600));
  const sat = await saturate(url, services.token, work.feedBodies, 4, SECONDS, fullFeedPage);
  add('feed via gateway, 4 clients closed loop', sat);
  // p99 at a steady 25 reads/s (many readers' worth), and at half of what the closed loop reached (queueing included).
  const fixed = await fixedRate(url, services.token, work.feedBodies, STEADY, SECONDS, fullFeedPage);
  add(`feed via gateway, fixed ${STEADY}/s`, fixed);
  // The floor: the cheapest signed-in read (gateway, auth, one NATS round trip to accounts, one indexed row).
  const me = [JSON.stringify({ query: '{ me { id } }' })];
  const floor = await fixedRate(url, services.token, me, STEADY, SECONDS, (j) => Boolean(j.data?.me?.id));
  add(`floor: { me { id } } via gateway, fixed ${STEADY}/s`, floor);
  const half = Math.max(STEADY, Math.round(sat.perSecond / 2));
  const busy = await fixedRate(url, services.token, work.feedBodies, half, SECONDS, fullFeedPage);
  add('feed via gateway, fixed at half the closed-loop rate', busy);
  const quietRate = Math.max(5, Math.round(STEADY / 2));
  const quiet = await fixedRate(url, services.quietToken, work.quietBodies, quietRate, SECONDS, fullFeedPage);
  add('quiet reader feed via gateway, fixed rate', quiet);
  add('search SQL alone (baseline)', await timeSql(work.searchSql, 300));
  const search = await fixedRate(url, services.token, work.searchBodies, STEADY, SECONDS, searchOk);
  add(`search via gateway, fixed ${STEADY}/s`, search);
  const errors = sat.bad + fixed.bad + busy.bad + quiet.bad + search.bad;
  console.log(
    `round ${round + 1}: feed gateway ${sat.perSecond.toFixed(0)} req/s closed loop; p99 ${ms(fixed.p99)} ms at ${STEADY}/s, ${ms(busy.p99)} ms at ${half}/s; SQL p99 ${ms(rounds['feed SQL alone (baseline)'][round].p99)} ms; search p99 ${ms(search.p99)} ms; errors ${errors}`,
  );
  return errors + floor.bad;
}

/** The medians over rounds, and the ratios the targets are about. */
function printSummary(rounds: Record<string, Figures[]>): void {
  console.log('\n| what | per second | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|');
  const med = (name: string): Figures => {
    const fs = rounds[name];
    return {
      count: fs.reduce((a, f) => a + f.count, 0),
      perSecond: median(fs.map((f) => f.perSecond)),
      p50: median(fs.map((f) => f.p50)),
      p99: median(fs.map((f) => f.p99)),
      max: Math.max(...fs.map((f) => f.max)),
    };
  };
  for (const name of Object.keys(rounds)) console.log(row(name, med(name)));
  const base = med('feed SQL alone (baseline)');
  const gw = med(`feed via gateway, fixed ${STEADY}/s`);
  const fl = med(`floor: { me { id } } via gateway, fixed ${STEADY}/s`);
  console.log(
    `\nfeed p99 through the gateway / SQL alone: ${(gw.p99 / base.p99).toFixed(1)}×; / the gateway's floor: ${(gw.p99 / fl.p99).toFixed(1)}× (p50 ${(gw.p50 / fl.p50).toFixed(1)}×) (target: gateway p99 < 20 ms → ${gw.p99 < 20 ? 'met' : 'NOT met'})`,
  );
  const sb = med('search SQL alone (baseline)');
  const sg = med(`search via gateway, fixed ${STEADY}/s`);
  console.log(
    `search p99 through the gateway / SQL alone: ${(sg.p99 / sb.p99).toFixed(1)}× (target: search p99 < 50 ms → ${sg.p99 < 50 ? 'met' : 'NOT met'})`,
  );
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
