// One user's expensive operations against everyone else's ordinary ones:
// others' p99 latency while the gateway is quiet, then while one client keeps
// sending operations far costlier than allowed (10,000 aliases of `me`, 140 KB;
// 60 wallets × 100 transactions), and the ratio. Each phase runs
// BENCH_DURATION seconds (default 5) with BENCH_CLIENTS (8) closed-loop
// clients of ordinary users and BENCH_ATTACKERS (4) attacking loops of one
// user. The per-user and per-address rate limits are lifted (as in every
// bench), so only the cost analysis stands between the attack and the rest.
// Exits 1 when any ordinary request fails or an attack is not refused with
// QUERY_TOO_COMPLEX.
import { fork } from 'node:child_process';
import { Party, signUp, startStack } from '../support/stack';

const DURATION = Number(process.env.BENCH_DURATION ?? 5) * 1000;
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const ATTACKERS = Number(process.env.BENCH_ATTACKERS ?? 4);

const ORDINARY = `{ me { id displayName } wallet { balance transactions(first: 10) { edges { node { id amount } } } } }`;
const ATTACKS = [
  `{ ${Array.from({ length: 10_000 }, (_, i) => `a${i}: me { id }`).join(' ')} }`,
  `{ ${Array.from({ length: 60 }, (_, i) => `w${i}: wallet { transactions(first: 100) { edges { node { id amount counterparty { id } } } } }`).join(' ')} }`,
];

interface Outcome {
  ms: number;
  status: number;
  code?: string;
}

async function post(url: string, query: string, token: string): Promise<Outcome> {
  const started = performance.now();
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
  return { ms: performance.now() - started, status: res.status, code: body.errors?.[0]?.extensions?.code };
}

/** Closed loops until the deadline; every outcome. */
async function loops(n: number, until: number, one: (i: number) => Promise<Outcome>): Promise<Outcome[]> {
  const all: Outcome[] = [];
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      for (let k = 0; Date.now() < until; k++) all.push(await one(i + k));
    }),
  );
  return all;
}

function p(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/**
 * The attacker runs in its own process, so that its requests' client-side
 * work does not delay the ordinary clients' event loop (and their timings).
 */
function attack(url: string, attacker: Party, until: number): Promise<Outcome[]> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['attack', url, attacker.token, String(until)]);
    child.once('message', (outcomes) => resolve(outcomes as Outcome[]));
    child.once('error', reject);
  });
}

async function phase(url: string, users: Party[], attacker: Party | null) {
  const until = Date.now() + DURATION;
  const [ordinary, attacks] = await Promise.all([
    loops(CLIENTS, until, (i) => post(url, ORDINARY, users[i % users.length].token)),
    attacker ? attack(url, attacker, until) : Promise.resolve([]),
  ]);
  const ms = ordinary.map((o) => o.ms).sort((a, b) => a - b);
  const failed = ordinary.filter((o) => o.status !== 200 || o.code).length;
  const notRefused = attacks.filter((o) => o.code !== 'QUERY_TOO_COMPLEX').length;
  return { requests: ordinary.length, p50: p(ms, 0.5), p99: p(ms, 0.99), failed, attacks: attacks.length, notRefused };
}

export async function main(): Promise<number> {
  const stack = await startStack({ name: 'abuse', services: ['accounts', 'payments'] });
  try {
    const users: Party[] = [];
    for (let i = 0; i <= CLIENTS; i++) users.push(await signUp(stack, i));
    const attacker = users.pop()!;
    await phase(stack.gatewayUrl, users, null); // warm-up
    const quiet = await phase(stack.gatewayUrl, users, null);
    const attacked = await phase(stack.gatewayUrl, users, attacker);
    const row = (name: string, r: typeof quiet) =>
      `${name.padEnd(14)} ${String(r.requests).padStart(6)} req  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  failed ${r.failed}  attacks ${r.attacks} (not refused ${r.notRefused})`;
    console.log(row('quiet', quiet));
    console.log(row('under attack', attacked));
    console.log(`others' p99 under attack / quiet: ${(attacked.p99 / quiet.p99).toFixed(2)}`);
    return quiet.failed || attacked.failed || attacked.notRefused ? 1 : 0;
  } finally {
    await stack.stop();
  }
}

if (require.main === module && process.argv[2] === 'attack') {
  const [, , , url, token, until] = process.argv;
  loops(ATTACKERS, Number(until), (i) => post(url, ATTACKS[i % ATTACKS.length], token)).then((outcomes) => {
    process.send!(outcomes, () => process.exit(0));
  });
} else if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
