// What the shared rate limits cost per request: the same load through a
// gateway whose limit counters live in NATS JetStream key-value buckets
// (RATE_LIMIT_STORE=nats, shared by every copy) and through one that keeps
// them in memory (per copy), BENCH_ROUNDS (2) rounds of BENCH_DURATION (5) s
// each, alternating. The load is `{ me { id } }` from BENCH_USERS (16) users
// over 16 connections: every request takes from its address's and its user's
// buckets, as every request does. The bursts are set high enough never to
// refuse, so only their bookkeeping is measured; the rates are the defaults'.
// Exits 1 on any failed request.
import { autocannon, CannonResult } from '../support/autocannon';
import { BenchStack, Party, signUp, startStack } from '../support/stack';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const USERS = Number(process.env.BENCH_USERS ?? 16);

async function load(stack: BenchStack, users: Party[], duration: number): Promise<CannonResult> {
  let n = 0;
  return autocannon({
    url: `${stack.gatewayUrl}/graphql`,
    connections: 16,
    duration,
    requests: [
      {
        method: 'POST',
        setupRequest: (req: Record<string, unknown>) => ({
          ...req,
          path: '/graphql',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${users[n++ % users.length].token}` },
          body: JSON.stringify({ query: '{ me { id } }' }),
        }),
      },
    ],
    verifyBody: (body: string) => !body.includes('"errors"'),
  });
}

async function measure(store: 'nats' | 'memory') {
  // Bursts far above this load, so that nothing is refused and only the counting costs; the refill rates are the
  // defaults', so each lease (a tenth of a second's refill: 3 tokens per user, 5 per address) is production's size.
  const stack = await startStack({
    name: `limits_${store}`,
    services: ['accounts'],
    env: {
      RATE_LIMIT_STORE: store,
      RATE_LIMIT_USER_PER_SECOND: '30',
      RATE_LIMIT_USER_BURST: '100000000',
      RATE_LIMIT_ADDRESS_PER_SECOND: '50',
      RATE_LIMIT_ADDRESS_BURST: '100000000',
    },
  });
  const users: Party[] = [];
  for (let i = 0; i < USERS; i++) users.push(await signUp(stack, i));
  return { stack, users };
}

export async function main(): Promise<number> {
  const stacks = { memory: await measure('memory'), nats: await measure('nats') };
  let failed = 0;
  const rows: { store: string; round: number; rps: number; p50: number; p99: number }[] = [];
  try {
    for (const s of Object.values(stacks)) await load(s.stack, s.users, 2); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 ? (['nats', 'memory'] as const) : (['memory', 'nats'] as const);
      for (const store of order) {
        const r = await load(stacks[store].stack, stacks[store].users, DURATION);
        failed += r.non2xx + r.errors + r.timeouts + r.mismatches;
        rows.push({ store, round, rps: r.requests.total / r.duration, p50: r.latency.p50, p99: r.latency.p99 });
      }
    }
  } finally {
    await stacks.memory.stack.stop();
    await stacks.nats.stack.stop();
  }
  for (const r of rows) {
    console.log(`round ${r.round + 1} ${r.store.padEnd(6)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms`);
  }
  for (let round = 0; round < ROUNDS; round++) {
    const [m, s] = ['memory', 'nats'].map((store) => rows.find((r) => r.round === round && r.store === store)!);
    console.log(`round ${round + 1}: shared/memory throughput ${(s.rps / m.rps).toFixed(2)}, p50 +${(s.p50 - m.p50).toFixed(1)} ms`);
  }
  if (failed) console.log(`${failed} failed requests`);
  return failed ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
