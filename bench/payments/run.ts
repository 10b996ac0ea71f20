// Bill payments, transfers, payouts and split-bill shares per second through the gateway (GraphQL over
// HTTP → NATS → payments → one PostgreSQL function call), next to a same-run
// baseline: a bare PostgreSQL transaction with two balanced inserts at the
// payments pool's concurrency; and the wallet read through the same hops,
// the floor of any signed-in operation on this platform. Rounds alternate the three so the ratios
// compare runs seconds apart (shared/performance.md). Every response is
// checked; afterwards the ledger must verify and hold exactly what succeeded.
// Usage: node scripts/build.mjs && node dist/bench/payments/run.js
// Env: BENCH_ROUNDS (3), BENCH_DURATION seconds (10), BENCH_CONNECTIONS (64),
//      BENCH_USERS (64), BENCH_WITH_MESSAGING (0; 1 runs messaging too, which
//      then posts every transfer into its chat), BENCH_SHARES_PER_PHASE,
//      BENCH_SCENARIOS (comma-separated subset of bills,transfers,payouts,shares,wallet,baseline; default all),
//      DATABASE_URL.
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { makeBill } from '../../apps/payments/src/bills/bill.rules';
import { verifyLedger } from '../../apps/payments/src/ledger/ledger-verify';
import { BenchStack, Party, signUp, startStack } from '../support/stack';
import { autocannon } from '../support/autocannon';
import { measureCpu, Processes } from '../peers/cpu';
import { addBankAccounts, PAYOUT_ENV, payoutBody } from './payouts';
import { nextShare, prepareShares } from './shares';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const USERS = Number(process.env.BENCH_USERS ?? 64);
const WITH_MESSAGING = process.env.BENCH_WITH_MESSAGING === '1';
const POOL = 10;
/** Shares made ready before each shares phase: more than this machine pays in one phase. */
const SHARES_PER_PHASE = Number(process.env.BENCH_SHARES_PER_PHASE ?? Math.max(3000, DURATION * 600));

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  bad: number;
  clientCpu: number;
  /** CPU-µs per operation, by process (gateway, each service, nats, postgres backends, driver). */
  cpuPerOp: Record<string, number>;
}
type Scenario = 'bills' | 'transfers' | 'payouts' | 'shares' | 'wallet' | 'baseline';
const ALL: Scenario[] = ['bills', 'transfers', 'payouts', 'shares', 'wallet', 'baseline'];
const SCENARIOS = (process.env.BENCH_SCENARIOS?.split(',') ?? ALL).filter((s): s is Scenario => (ALL as string[]).includes(s));
if (!SCENARIOS.includes('baseline')) SCENARIOS.push('baseline');
type GatewayScenario = Exclude<Scenario, 'baseline'>;

const PAY_BILL = 'mutation($i:PayBillInput!){ payBill(input:$i){ id amount trackingCode } }';
const TRANSFER = 'mutation($i:TransferInput!){ transferMoney(input:$i){ id amount trackingCode } }';
/** The floor of any signed-in operation here: the same hops with one indexed read at the end. */
const WALLET = '{ wallet { id balance } }';
const EXPECT: Record<GatewayScenario, string> = {
  bills: '"payBill":{"id"',
  transfers: '"transferMoney":{"id"',
  payouts: '"requestPayout":{"id"',
  shares: '"payBillShare":{"id"',
  wallet: '"wallet":{"id"',
};

/** Successful answers, warm-up included, to hold against what the ledger recorded. */
const succeeded = { bills: 0, transfers: 0, payouts: 0, shares: 0, wallet: 0 };

let billCounter = 0;
/** A valid bill nobody has paid: the file code counts up, amounts of 1..500 thousand rials. */
function nextBill(): { billId: string; paymentId: string } {
  billCounter++;
  return makeBill(
    String(10_000_000 + billCounter),
    String(100 + (billCounter % 900)),
    1 + (billCounter % 9),
    1 + (billCounter % 500),
    5,
    1 + (billCounter % 12),
  );
}

/** The stack's processes and its database's PostgreSQL backends, for CPU per operation. */
function processes(stack: BenchStack): Processes {
  const database = new URL(stack.databaseUrl).pathname.slice(1);
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  return { fixed: stack.pids, postgres: { adminUrl, database } };
}

/** Runs one phase, adding each process's CPU-µs per operation to its sample. */
async function measured(stack: BenchStack, phase: () => Promise<Omit<Sample, 'cpuPerOp'> & { ops: number }>): Promise<Sample> {
  const { result, cpu } = await measureCpu(processes(stack), phase);
  const cpuPerOp = Object.fromEntries(Object.entries(cpu).map(([k, s]) => [k, result.ops ? (s * 1e6) / result.ops : 0]));
  return { ...result, cpuPerOp };
}

async function gatewayLoad(stack: BenchStack, users: Party[], kind: GatewayScenario, duration: number): Promise<Sample> {
  return measured(stack, () => gatewayPhase(stack, users, kind, duration));
}

async function gatewayPhase(stack: BenchStack, users: Party[], kind: GatewayScenario, duration: number) {
  let n = 0;
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const r = await autocannon({
    url: `${stack.gatewayUrl}/graphql`,
    connections: CONNECTIONS,
    duration,
    requests: [
      {
        method: 'POST',
        setupRequest: (req: Record<string, unknown>) => {
          let from = users[n++ % users.length];
          let body: object;
          if (kind === 'shares') ({ from, body } = nextShare());
          else if (kind === 'bills') body = { query: PAY_BILL, variables: { i: { ...nextBill(), idempotencyKey: randomUUID() } } };
          else if (kind === 'wallet') body = { query: WALLET };
          else if (kind === 'payouts') body = payoutBody(from);
          else {
            let to = users[(n * 7 + 3) % users.length];
            if (to === from) to = users[(n + 1) % users.length];
            body = {
              query: TRANSFER,
              variables: { i: { toUserId: to.userId, amount: String(1000 + (n % 50) * 100), idempotencyKey: randomUUID() } },
            };
          }
          return {
            ...req,
            path: '/graphql',
            headers: { 'content-type': 'application/json', 'x-requested-with': 'bench', authorization: `Bearer ${from.token}` },
            body: JSON.stringify(body),
          };
        },
      },
    ],
    // A benchmark of error responses measures nothing: every answer must be a success.
    verifyBody: (body: string) => {
      const ok = !body.includes('"errors"') && body.includes(EXPECT[kind]);
      if (ok) succeeded[kind]++;
      return ok;
    },
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e3;
  const used = process.cpuUsage(cpu);
  return {
    ops: r.requests.total,
    rps: r.requests.total / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    bad: r.non2xx + r.errors + r.timeouts + r.mismatches,
    clientCpu: (used.user + used.system) / wall,
  };
}

/** The floor of any ledger write here: BEGIN, two balanced inserts, COMMIT, from POOL clients at once. */
async function baseline(stack: BenchStack, duration: number): Promise<Sample> {
  // Connected before the phase, so their backends are there when the phase's CPU is read (and still there after).
  const clients = await Promise.all(
    Array.from({ length: POOL }, async () => {
      const c = new Client({ connectionString: stack.databaseUrl });
      await c.connect();
      return c;
    }),
  );
  try {
    return await measured(stack, () => baselinePhase(clients, duration));
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

async function baselinePhase(clients: Client[], duration: number) {
  const latencies: number[] = [];
  const end = Date.now() + duration * 1000;
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await Promise.all(
    clients.map(async (c, i) => {
      while (Date.now() < end) {
        const t0 = process.hrtime.bigint();
        await c.query('BEGIN');
        await c.query('INSERT INTO bench_entries (account, amount) VALUES ($1, $2)', [i, -1000]);
        await c.query('INSERT INTO bench_entries (account, amount) VALUES ($1, $2)', [i + POOL, 1000]);
        await c.query('COMMIT');
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const wall = Number(process.hrtime.bigint() - started) / 1e3;
  const used = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  return {
    ops: latencies.length,
    rps: latencies.length / (wall / 1e6),
    p50: Math.round(latencies[latencies.length >> 1]),
    p99: Math.round(latencies[Math.floor(latencies.length * 0.99)]),
    bad: 0,
    clientCpu: (used.user + used.system) / wall,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pad = (v: string | number, n: number) => String(v).padStart(n);

export async function main(): Promise<number> {
  const services = WITH_MESSAGING ? ['accounts', 'messaging', 'payments'] : ['accounts', 'payments'];
  const stack = await startStack({
    name: 'payments',
    services,
    env: {
      ACCESS_TOKEN_TTL_SECONDS: '7200',
      TOPUP_MAX_RIALS: '100000000000',
      TRANSFER_DAILY_MAX_RIALS: '1000000000000',
      DB_POOL_SIZE: String(POOL),
      ...PAYOUT_ENV,
    },
  });
  try {
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    await db.query('CREATE TABLE bench_entries (id bigserial PRIMARY KEY, account int NOT NULL, amount bigint NOT NULL)');
    const users = await fundedUsers(stack, db);
    if (SCENARIOS.includes('payouts')) await addBankAccounts(stack, users);
    if (SCENARIOS.includes('shares')) await prepareShares(db, users, SHARES_PER_PHASE, nextBill);
    for (const kind of SCENARIOS) if (kind !== 'baseline') await gatewayLoad(stack, users, kind, 3); // warm-up
    console.log(
      `${services.join(', ')} + gateway as separate processes; ${USERS} users; ${ROUNDS} rounds × ${DURATION} s; ` +
        `${CONNECTIONS} HTTP connections; baseline with ${POOL} PostgreSQL clients`,
    );
    let bad = await runRounds(stack, users, db);
    bad += await checkLedger(stack, db);
    await db.end();
    if (bad > 0) console.error(`\nFAIL: ${bad} failed responses or ledger problems`);
    return bad > 0 ? 1 : 0;
  } finally {
    await stack.stop();
  }
}

/** Users with money, through the real top-up flow (the sandbox bank's page and callback). */
async function fundedUsers(stack: BenchStack, db: Client): Promise<Party[]> {
  const users = [];
  for (let i = 0; i < USERS; i++) users.push(await signUp(stack, i));
  for (const u of users) {
    const res = await fetch(`${stack.gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'bench', authorization: `Bearer ${u.token}` },
      body: JSON.stringify({
        query: 'mutation($k:String!){ startTopUp(amount:"50000000000", idempotencyKey:$k){ paymentUrl } }',
        variables: { k: randomUUID() },
      }),
    });
    const paymentUrl = ((await res.json()) as { data: { startTopUp: { paymentUrl: string } } }).data.startTopUp.paymentUrl;
    const paid = await fetch(paymentUrl, { method: 'POST', body: new URLSearchParams({ action: 'pay' }), redirect: 'manual' });
    await fetch(paid.headers.get('location')!);
  }
  const funded = (await db.query(`SELECT count(*)::int AS n FROM payments.top_ups WHERE status = 'SUCCEEDED'`)).rows[0].n;
  if (funded !== USERS) throw new Error(`only ${funded} of ${USERS} top-ups succeeded`);
  return users;
}

/** Every scenario once per round, in a rotating order; prints each sample and the medians. Returns the failed responses. */
async function runRounds(stack: BenchStack, users: Party[], db: Client): Promise<number> {
  let bad = 0;
  console.log(`round  ${'scenario'.padEnd(10)}  ops/s   p50 ms  p99 ms  client cpu  failed`);
  const scenarios = SCENARIOS;
  const samples = new Map<Scenario, Sample[]>(scenarios.map((s) => [s, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = scenarios.map((_, i) => scenarios[(i + round) % scenarios.length]);
    for (const s of order) {
      if (s === 'shares') await prepareShares(db, users, SHARES_PER_PHASE, nextBill);
      const sample = s === 'baseline' ? await baseline(stack, DURATION) : await gatewayLoad(stack, users, s, DURATION);
      samples.get(s)![round] = sample;
      bad += sample.bad;
      console.log(
        `${pad(round + 1, 5)}  ${s.padEnd(10)} ${pad(sample.rps.toFixed(0), 6)} ${pad(sample.p50, 8)} ${pad(sample.p99, 7)} ${pad((sample.clientCpu * 100).toFixed(0) + '%', 11)} ${pad(sample.bad, 7)}`,
      );
    }
  }
  const base = samples.get('baseline')!;
  console.log('\n| scenario | ops/s (median) | p50 ms | p99 ms | ratio to baseline |\n|---|---|---|---|---|');
  for (const s of scenarios) {
    const ss = samples.get(s)!;
    console.log(
      `| ${s} | ${median(ss.map((x) => x.rps)).toFixed(0)} | ${median(ss.map((x) => x.p50))} | ${median(ss.map((x) => x.p99))} | ${median(ss.map((x, i) => x.rps / base[i].rps)).toFixed(2)} |`,
    );
  }
  const procs = Object.keys(base[0].cpuPerOp);
  console.log(
    `\nCPU-µs per operation (median of the rounds)\n| scenario | ${procs.join(' | ')} | total |\n|---|${procs.map(() => '---|').join('')}---|`,
  );
  for (const s of scenarios) {
    const ss = samples.get(s)!;
    const per = procs.map((p) => median(ss.map((x) => x.cpuPerOp[p] ?? 0)));
    console.log(`| ${s} | ${per.map((v) => v.toFixed(0)).join(' | ')} | ${per.reduce((a, b) => a + b, 0).toFixed(0)} |`);
  }
  const bills = samples.get('bills');
  if (!bills) return bad;
  for (const s of (['payouts', 'shares'] as const).filter((k) => samples.has(k))) {
    console.log(`${s} / bills (median of the rounds): ${median(samples.get(s)!.map((x, i) => x.rps / bills[i].rps)).toFixed(2)}`);
  }
  return bad;
}

/** Every rial accounted for: the ledger verifies, and it holds what the answers said. Returns the problems found. */
async function checkLedger(stack: BenchStack, db: Client): Promise<number> {
  let bad = 0;
  const report = await verifyLedger(stack.databaseUrl);
  const counts = (
    await db.query(`SELECT (SELECT count(*) FROM payments.bill_payments WHERE split_id IS NULL)::int AS bills,
    (SELECT count(*) FROM payments.payment_transfers)::int AS transfers, (SELECT count(*) FROM payments.payouts)::int AS payouts,
    (SELECT count(*) FROM payments.bill_shares WHERE paid_at IS NOT NULL)::int AS shares`)
  ).rows[0];
  console.log(
    `\nledger: ${report.transfers} transfers, ${counts.bills} bill payments, ${counts.transfers} transfers between users, ${counts.payouts} payouts; ` +
      (report.ok ? 'verifies' : `DOES NOT VERIFY:\n${report.problems.join('\n')}`),
  );
  if (!report.ok) bad++;
  // Requests still in flight when a load phase ends are committed but never read: at most one per connection per phase.
  const phases = (ROUNDS + 1) * CONNECTIONS;
  for (const k of ['bills', 'transfers', 'payouts', 'shares'] as const) {
    const recorded = counts[k] as number;
    const fits = recorded >= succeeded[k] && recorded <= succeeded[k] + phases;
    console.log(`${k}: ${succeeded[k]} answered as done, ${recorded} recorded${fits ? '' : ' — MISMATCH'}`);
    if (!fits) bad++;
  }
  return bad;
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
