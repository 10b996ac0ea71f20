// searchMessages on a large table: seeds N messages (default 1M) straight
// into the messaging schema, spread over 1000 conversations of which the
// viewer is in 50, then times searches through the gateway (HTTP) next to
// the bare SQL of the same query, so the figures say what the index costs
// and what the platform adds.
import { Client } from 'pg';
import * as hdr from 'hdr-histogram-js';
import { searchDocument, searchKey, toTsQuery } from '@app/persian';
import fs from 'node:fs';
import { firstRunTsQuery, legacyTsQuery } from '../persian/legacy';
import { gql } from '../support/stack';

const CONVERSATIONS = 1000;
const VIEWER_CONVERSATIONS = 50;

/**
 * Pseudo-Persian words whose search key is themselves (no letter the folding
 * rewrites), so the seeded search_doc equals the text as the service would
 * have indexed it. Drawn with a skew: the first words are very common.
 */
function vocabulary(): string[] {
  const letters = [...'بپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی'];
  const words = ['قیمت', 'بنزین', 'سلام', 'خبر', 'کتابخانه', 'دانشگاه', 'تهران', 'فردا', 'امروز', 'جلسه'];
  // Distinct by construction: the base-32 digits of n, at least three of them.
  for (let n = 32 * 32; words.length < 5000; n += 7) {
    let w = '';
    for (let v = n; v > 0; v = Math.floor(v / letters.length)) w += letters[v % letters.length];
    if (searchKey(w) !== w) throw new Error(`vocabulary word ${w} is not its own search key`);
    words.push(w);
  }
  return words;
}

export async function seed(databaseUrl: string, viewerId: string, total: number): Promise<{ seconds: number }> {
  const started = Date.now();
  const db = new Client({ connectionString: databaseUrl, options: '-c search_path=messaging,public' });
  await db.connect();
  try {
    const words = vocabulary();
    // One GIN build after the load is far cheaper than a million incremental inserts into it.
    await db.query('DROP INDEX messages_tsv');
    const { rows: convs } = await db.query<{ id: string }>(
      `INSERT INTO conversations (kind, title, member_count, last_seq)
       SELECT 'GROUP', 'bench ' || g, 2, $1 FROM generate_series(1, $2) g RETURNING id`,
      [Math.ceil(total / CONVERSATIONS), CONVERSATIONS],
    );
    await db.query(
      `INSERT INTO members (conversation_id, user_id, role)
       SELECT id, gen_random_uuid(), 'OWNER' FROM unnest($1::uuid[]) id
       UNION ALL SELECT id, $2::uuid, 'MEMBER' FROM unnest($3::uuid[]) id`,
      [convs.map((c) => c.id), viewerId, convs.slice(0, VIEWER_CONVERSATIONS).map((c) => c.id)],
    );
    const perConversation = Math.ceil(total / CONVERSATIONS);
    const owners = new Map(
      (
        await db.query<{ conversation_id: string; user_id: string }>(
          `SELECT conversation_id, user_id FROM members WHERE role = 'OWNER' AND conversation_id = ANY($1::uuid[])`,
          [convs.map((c) => c.id)],
        )
      ).rows.map((r) => [r.conversation_id, r.user_id]),
    );
    // Texts are drawn here, not in SQL (an element of a 5000-word text[] costs a scan of the array).
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const word = () => words[Math.floor(Math.pow(random(), 3) * words.length)];
    // In time order across conversations, as people write: message s of every conversation, then s + 1.
    const SEQS_PER_STATEMENT = 20;
    for (let from = 1; from <= perConversation; from += SEQS_PER_STATEMENT) {
      const ids: string[] = [],
        senders: string[] = [],
        seqs: number[] = [],
        texts: string[] = [];
      for (let s = from; s < from + SEQS_PER_STATEMENT && s <= perConversation; s++) {
        for (const c of convs) {
          ids.push(c.id);
          senders.push(owners.get(c.id)!);
          seqs.push(s);
          texts.push(Array.from({ length: 6 + (s % 7) }, word).join(' '));
        }
      }
      // Keyed as the service keys them (searchDocument: the words plus the joined runs of 2–3 words).
      await db.query(
        `INSERT INTO messages (conversation_id, seq, kind, sender_id, text, search_doc, created_at)
         SELECT c, s, 'TEXT', u, t, d, now() - make_interval(secs => $5 - s)
           FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::text[], $6::text[]) AS x(c, s, u, t, d)`,
        [ids, seqs, senders, texts, perConversation, texts.map(searchDocument)],
      );
    }
    await db.query('CREATE INDEX messages_tsv ON messages USING gin (tsv)');
    await db.query('ANALYZE messages');
    await db.query('ANALYZE members');
  } finally {
    await db.end();
  }
  return { seconds: Math.round((Date.now() - started) / 1000) };
}

export interface SearchFigure {
  query: string;
  matches: string;
  p50: number;
  p99: number;
  sqlP50: number;
  sqlP99: number;
  /** The same statement with the query as it was built before issue 17 (AND of the words): the same-run baseline. */
  legacyP50: number;
  legacyP99: number;
  /** The same statement with the query as issue 17 first built it (every grouping, split at the first run). */
  firstRunP50: number;
  firstRunP99: number;
  /** PostgreSQL backend CPU (user + system, from /proc) per statement, µs: now / first build of issue 17 / before issue 17. */
  cpu: { now: number; firstRun: number; legacy: number };
  first: number;
}

/** CPU µs a local PostgreSQL backend has used so far (/proc/<pid>/stat, clock ticks of 10 ms); NaN when it is not readable. */
function backendCpu(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return NaN;
  }
}

const SEARCH = `query($q:String!,$a:String){ searchMessages(query:$q, first:20, after:$a){ pageInfo { hasNextPage endCursor } edges { node { id seq text } } } }`;

// The last five: a spaced spelling of کتابخانه, the ZWNJ one with a second word, a compound absent from
// the texts, and five and eight common words never together (the longest shapes a query takes).
const QUERIES = [
  'قیمت',
  'قیم',
  'کتابخانه دانشگاه',
  'سلام فردا جلسه',
  'ژژژ',
  'کتاب خانه',
  'کتاب\u200Cخانه دانشگاه',
  'قیمت\u200Cهای بنزین',
  'سلام فردا جلسه قیمت بنزین',
  'سلام فردا جلسه قیمت بنزین خبر تهران امروز',
];

/** The statement the service runs, with the viewer's conversations as a list. */
const STATEMENT = `SELECT m.id FROM messages m
  WHERE m.conversation_id = ANY($3::uuid[]) AND m.tsv @@ to_tsquery('simple', $2) AND m.deleted_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.user_id = $1 AND h.message_id = m.id)
  ORDER BY m.global_pos DESC LIMIT 21`;

/** "mine of all" messages the query matches; throws if it matches fewer than the first build of issue 17 did (every grouping). */
async function countMatches(db: Client, query: string, viewerId: string): Promise<string> {
  const count = async (q: string) =>
    (
      await db.query<{ all: number; mine: number }>(
        `SELECT count(*)::int AS all, count(*) FILTER (WHERE mb.user_id IS NOT NULL)::int AS mine FROM messages m
           LEFT JOIN members mb ON mb.conversation_id = m.conversation_id AND mb.user_id = $2
          WHERE m.tsv @@ to_tsquery('simple', $1)`,
        [q, viewerId],
      )
    ).rows[0];
  const now = await count(toTsQuery(query)!);
  const before = await count(firstRunTsQuery(query)!);
  if (now.all < before.all) throw new Error(`${query}: ${now.all} matches, ${before.all} with every grouping`);
  return `${now.mine} of ${now.all}`;
}

const histogram = () => hdr.build({ numberOfSignificantValueDigits: 3 });
const ms = (h: hdr.Histogram, p: number) => Math.round(h.getValueAtPercentile(p) / 100) / 10;

/** Times each query `runs` times through the gateway, and the bare SQL of it. */
export async function measure(
  gatewayUrl: string,
  token: string,
  databaseUrl: string,
  viewerId: string,
  runs: number,
): Promise<SearchFigure[]> {
  const db = new Client({ connectionString: databaseUrl, options: '-c search_path=messaging,public' });
  await db.connect();
  const out: SearchFigure[] = [];
  try {
    const pid = (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const mine = (await db.query<{ id: string }>(`SELECT conversation_id AS id FROM members WHERE user_id = $1`, [viewerId])).rows.map(
      (r) => r.id,
    );
    for (const query of QUERIES) {
      const matches = await countMatches(db, query, viewerId);
      const [api, raw, firstRun, legacy] = [histogram(), histogram(), histogram(), histogram()];
      const cpu = { now: 0, firstRun: 0, legacy: 0 };
      /** Runs the statement with this tsquery, recording its wall time and adding its backend CPU. */
      const timed = async (h: hdr.Histogram, kind: keyof typeof cpu, q: string) => {
        const c0 = backendCpu(pid);
        const t0 = process.hrtime.bigint();
        await db.query(STATEMENT, [viewerId, q, mine]);
        h.recordValue(Number((process.hrtime.bigint() - t0) / 1000n));
        cpu[kind] += backendCpu(pid) - c0;
      };
      // The three builds of the query, taken in a rotating order (none always runs on a warmer cache).
      const builds: Array<[hdr.Histogram, keyof typeof cpu, string]> = [
        [raw, 'now', toTsQuery(query)!],
        [firstRun, 'firstRun', firstRunTsQuery(query)!],
        [legacy, 'legacy', legacyTsQuery(query)!],
      ];
      let first = 0;
      for (let i = 0; i < runs; i++) {
        const t0 = process.hrtime.bigint();
        const data = await gql<{ searchMessages: { edges: unknown[]; pageInfo: { endCursor: string | null } } }>(
          gatewayUrl,
          SEARCH,
          { q: query, a: null },
          token,
        );
        api.recordValue(Number((process.hrtime.bigint() - t0) / 1000n));
        first = data.searchMessages.edges.length;
        if (data.searchMessages.pageInfo.endCursor)
          await gql(gatewayUrl, SEARCH, { q: query, a: data.searchMessages.pageInfo.endCursor }, token);
        for (let k = 0; k < builds.length; k++) await timed(...builds[(i + k) % builds.length]);
      }
      const perRun = (v: number) => Math.round(v / runs);
      out.push({
        query,
        matches,
        p50: ms(api, 50),
        p99: ms(api, 99),
        sqlP50: ms(raw, 50),
        sqlP99: ms(raw, 99),
        legacyP50: ms(legacy, 50),
        legacyP99: ms(legacy, 99),
        firstRunP50: ms(firstRun, 50),
        firstRunP99: ms(firstRun, 99),
        cpu: { now: perRun(cpu.now), firstRun: perRun(cpu.firstRun), legacy: perRun(cpu.legacy) },
        first,
      });
    }
  } finally {
    await db.end();
  }
  return out;
}
