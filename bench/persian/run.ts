// Recall of Persian search across spellings (issue 17), on compounds derived
// from a public word list (compounds.ts). Each compound is written in a
// sentence in every spelling — ZWNJ, joined, spaced, and those with Arabic
// ي/ك — indexed as the services index text, and queried in every spelling;
// PostgreSQL decides each match (to_tsvector('simple') @@ to_tsquery). The
// same pairs with the keys before issue 17 (legacy.ts) are the baseline.
// Env: DATABASE_URL, BENCH_PER_RULE (compounds per rule, 1500), BENCH_EXTRA_QUERIES (300).
import { Client } from 'pg';
import { searchDocument, toTsQuery } from '@app/persian';
import { Compound, deriveCompounds, dictionaryWords } from './compounds';
import { legacySearchDocument, legacyTsQuery } from './legacy';

const ZWNJ = '\u200C';
const PER_RULE = Number(process.env.BENCH_PER_RULE ?? 1500);
const EXTRA_QUERIES = Number(process.env.BENCH_EXTRA_QUERIES ?? 300);
const toArabic = (s: string) => s.replace(/ی/g, 'ي').replace(/ک/g, 'ك');
const SPELLINGS: Record<string, (parts: string[]) => string> = {
  zwnj: (p) => p.join(ZWNJ),
  joined: (p) => p.join(''),
  spaced: (p) => p.join(' '),
  'zwnj ي/ك': (p) => toArabic(p.join(ZWNJ)),
  'joined ي/ك': (p) => toArabic(p.join('')),
};
const NAMES = Object.keys(SPELLINGS);

let state = 7;
const random = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;

function sample(all: Compound[]): Compound[] {
  const byRule = new Map<string, Compound[]>();
  for (const c of all) byRule.set(c.rule, [...(byRule.get(c.rule) ?? []), c]);
  const out: Compound[] = [];
  for (const list of byRule.values()) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    out.push(...list.slice(0, PER_RULE));
  }
  return out;
}

interface Row {
  compound: number;
  indexed: string;
  queried: string;
  doc: string;
  query: string;
}

/** Every (indexed spelling, query spelling) pair of every compound, the query alone and with the next word. */
function pairs(compounds: Compound[], fillers: string[], doc: (s: string) => string, tsq: (s: string) => string | null) {
  const alone: Row[] = [];
  const withNext: Row[] = [];
  const filler = () => fillers[Math.floor(random() * fillers.length)];
  compounds.forEach((c, compound) => {
    const [before, after] = [filler(), filler()];
    for (const indexed of NAMES) {
      const text = doc(`${before} ${SPELLINGS[indexed](c.parts)} ${after}.`);
      for (const queried of NAMES) {
        const q = SPELLINGS[queried](c.parts);
        alone.push({ compound, indexed, queried, doc: text, query: tsq(q)! });
        withNext.push({ compound, indexed, queried, doc: text, query: tsq(`${q} ${after}`)! });
      }
    }
  });
  return { alone, withNext };
}

async function recall(db: Client, rows: Row[], only: (r: Row) => boolean): Promise<Map<string, [number, number]>> {
  const picked = rows.filter(only);
  const result = await db.query<{ indexed: string; queried: string; found: number; total: number }>(
    `SELECT indexed, queried, count(*) FILTER (WHERE to_tsvector('simple', d) @@ to_tsquery('simple', q))::int AS found, count(*)::int AS total
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(indexed, queried, d, q) GROUP BY 1, 2`,
    [picked.map((r) => r.indexed), picked.map((r) => r.queried), picked.map((r) => r.doc), picked.map((r) => r.query)],
  );
  return new Map(result.rows.map((r) => [`${r.indexed}|${r.queried}`, [r.found, r.total]]));
}

function table(title: string, figures: Map<string, [number, number]>[], labels: string[]): string {
  const lines = [`${title}`, '', `| indexed ↓ / query → | ${NAMES.join(' | ')} |`, `|---|${NAMES.map(() => '---').join('|')}|`];
  for (const indexed of NAMES) {
    const cells = NAMES.map((queried) =>
      figures
        .map((f) => {
          const [found, total] = f.get(`${indexed}|${queried}`) ?? [0, 0];
          return `${((100 * found) / Math.max(total, 1)).toFixed(found === total ? 0 : 1)}%`;
        })
        .join(' / '),
    );
    lines.push(`| ${indexed} | ${cells.join(' | ')} |`);
  }
  lines.push('', `(cells: ${labels.join(' / ')})`, '');
  return lines.join('\n');
}

/** Rows matched by a query that belong to another compound (what matching more spellings costs in precision). */
async function extraMatches(db: Client, compounds: Compound[], fillers: string[]): Promise<string> {
  await db.query(`CREATE TEMP TABLE sentences (compound int, tsv_new tsvector, tsv_old tsvector)`);
  const filler = () => fillers[Math.floor(random() * fillers.length)];
  const texts = compounds.flatMap((c, i) => NAMES.map((n) => [i, `${filler()} ${SPELLINGS[n](c.parts)} ${filler()}.`] as const));
  await db.query(
    `INSERT INTO sentences SELECT c, to_tsvector('simple', n), to_tsvector('simple', o) FROM unnest($1::int[], $2::text[], $3::text[]) AS x(c, n, o)`,
    [texts.map((t) => t[0]), texts.map((t) => searchDocument(t[1])), texts.map((t) => legacySearchDocument(t[1]))],
  );
  await db.query(`CREATE INDEX ON sentences USING gin (tsv_new); CREATE INDEX ON sentences USING gin (tsv_old); ANALYZE sentences`);
  const lines = ['| query spelling | other compounds matched per query, new | legacy |', '|---|---|---|'];
  for (const name of ['zwnj', 'joined', 'spaced']) {
    let extraNew = 0;
    let extraOld = 0;
    const step = Math.max(1, Math.floor(compounds.length / EXTRA_QUERIES));
    let n = 0;
    for (let i = 0; i < compounds.length; i += step, n++) {
      const q = SPELLINGS[name](compounds[i].parts);
      const count = async (column: string, tsq: string | null) =>
        (
          await db.query(
            `SELECT count(DISTINCT compound)::int AS n FROM sentences WHERE ${column} @@ to_tsquery('simple', $1) AND compound <> $2`,
            [tsq, i],
          )
        ).rows[0].n as number;
      extraNew += await count('tsv_new', toTsQuery(q));
      extraOld += await count('tsv_old', legacyTsQuery(q));
    }
    lines.push(`| ${name} | ${(extraNew / n).toFixed(2)} | ${(extraOld / n).toFixed(2)} |`);
  }
  const size = await db.query(
    `SELECT sum(length(tsv_new::text))::bigint AS n, sum(length(tsv_old::text))::bigint AS o, sum(length(tsv_new))::bigint AS ln, sum(length(tsv_old))::bigint AS lo FROM sentences`,
  );
  const s = size.rows[0];
  lines.push(
    '',
    `Lexemes per indexed sentence: ${(s.ln / texts.length).toFixed(2)} new, ${(s.lo / texts.length).toFixed(2)} legacy (${texts.length} sentences).`,
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const started = Date.now();
  const words = dictionaryWords();
  const all = deriveCompounds(words);
  const counts = new Map<string, number>();
  for (const c of all) counts.set(c.rule, (counts.get(c.rule) ?? 0) + 1);
  const compounds = sample(all);
  console.log(
    `${words.length} words; ${all.length} compounds derived (${[...counts].map(([r, n]) => `${r}: ${n}`).join(', ')}); ${compounds.length} sampled`,
  );
  const fillers = words.filter((w) => w.length >= 4 && !/[یک]/.test(w)).filter((_, i) => i % 37 === 0);
  const db = new Client({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
  await db.connect();
  try {
    state = 7;
    const now = pairs(compounds, fillers, searchDocument, toTsQuery);
    state = 7;
    const old = pairs(compounds, fillers, legacySearchDocument, legacyTsQuery);
    const everyone = () => true;
    const withYehKaf = (r: Row) => /[یک]/.test(compounds[r.compound].parts.join(''));
    const [na, nn, oa] = [
      await recall(db, now.alone, everyone),
      await recall(db, now.withNext, everyone),
      await recall(db, old.alone, everyone),
    ];
    console.log(table('All sampled compounds', [na, nn, oa], ['now, compound alone', 'now, with the next word', 'before, compound alone']));
    const [ya, yo] = [await recall(db, now.alone, withYehKaf), await recall(db, old.alone, withYehKaf)];
    console.log(table('Compounds containing ی or ک (where the ي/ك spellings differ)', [ya, yo], ['now', 'before']));
    for (const rule of counts.keys()) {
      const r = await recall(db, now.alone, (x) => compounds[x.compound].rule === rule);
      const worst = Math.min(...[...r.values()].map(([f, t]) => f / t));
      console.log(`rule ${rule}: worst pair ${(100 * worst).toFixed(1)}% over ${[...r.values()][0][1]} compounds`);
    }
    console.log(`\n${await extraMatches(db, compounds, fillers)}`);
  } finally {
    await db.end();
  }
  console.log(`\n${Math.round((Date.now() - started) / 1000)} s`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
