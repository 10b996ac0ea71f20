// searchMessages on a large table: seeds N messages (default 1M) straight
// into the messaging schema, spread over 1000 conversations of which the
// viewer is in 50, then times searches through the gateway (HTTP) next to
// the bare SQL of the same query, so the figures say what the index costs
// and what the platform adds.
import { Client } from 'pg';
import * as hdr from 'hdr-histogram-js';
import { searchDocument, searchKey, toTsQuery } from '@app/persian';
import { legacyTsQuery } from '../persian/legacy';
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
  first: number;
}

const SEARCH = `query($q:String!,$a:String){ searchMessages(query:$q, first:20, after:$a){ pageInfo { hasNextPage endCursor } edges { node { id seq text } } } }`;

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
    // The same statement the service runs, with the viewer's conversations as a list.
    const mine = (await db.query<{ id: string }>(`SELECT conversation_id AS id FROM members WHERE user_id = $1`, [viewerId])).rows.map(
      (r) => r.id,
    );
    // The last three: a spaced spelling of کتابخانه, the ZWNJ one with a second word, a compound absent from the texts.
    const queries = [
      'قیمت',
      'قیم',
      'کتابخانه دانشگاه',
      'سلام فردا جلسه',
      'ژژژ',
      'کتاب خانه',
      'کتاب\u200Cخانه دانشگاه',
      'قیمت\u200Cهای بنزین',
    ];
    const statement = `SELECT m.id FROM messages m
            WHERE m.conversation_id = ANY($3::uuid[]) AND m.tsv @@ to_tsquery('simple', $2) AND m.deleted_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.user_id = $1 AND h.message_id = m.id)
            ORDER BY m.global_pos DESC LIMIT 21`;
    for (const query of queries) {
      const tsQuery = toTsQuery(query)!;
      const matches = (
        await db.query(
          `SELECT count(*)::int AS all, count(*) FILTER (WHERE mb.user_id IS NOT NULL)::int AS mine FROM messages m
           LEFT JOIN members mb ON mb.conversation_id = m.conversation_id AND mb.user_id = $2
          WHERE m.tsv @@ to_tsquery('simple', $1)`,
          [tsQuery, viewerId],
        )
      ).rows[0];
      const api = hdr.build({ numberOfSignificantValueDigits: 3 });
      const raw = hdr.build({ numberOfSignificantValueDigits: 3 });
      const legacy = hdr.build({ numberOfSignificantValueDigits: 3 });
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
        const t1 = process.hrtime.bigint();
        await db.query(statement, [viewerId, tsQuery, mine]);
        raw.recordValue(Number((process.hrtime.bigint() - t1) / 1000n));
        const t2 = process.hrtime.bigint();
        await db.query(statement, [viewerId, legacyTsQuery(query), mine]);
        legacy.recordValue(Number((process.hrtime.bigint() - t2) / 1000n));
      }
      const ms = (h: hdr.Histogram, p: number) => Math.round(h.getValueAtPercentile(p) / 100) / 10;
      out.push({
        query,
        matches: `${matches.mine} of ${matches.all}`,
        p50: ms(api, 50),
        p99: ms(api, 99),
        sqlP50: ms(raw, 50),
        sqlP99: ms(raw, 99),
        legacyP50: ms(legacy, 50),
        legacyP99: ms(legacy, 99),
        first,
      });
    }
  } finally {
    await db.end();
  }
  return out;
}
