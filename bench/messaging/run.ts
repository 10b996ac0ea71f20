// Messages per second delivered end to end and their latency, through the
// gateway over WebSocket: PAIRS sender/receiver pairs (direct conversations),
// each sender keeping IN_FLIGHT messages undelivered (closed loop), then a
// fixed arrival rate (open loop, latency from when each send was due). Next
// to it, in alternating rounds, the same-run baseline (baseline.ts): a bare
// NATS request-reply with one PostgreSQL INSERT, from one Node process, at
// the same number in flight. Then searchMessages over SEARCH_MESSAGES seeded
// messages. Every send must succeed and every receiver must see seq 1, 2, 3, …
// in order with no gap or repeat, or the run fails.
// Usage: npm run bench -- messaging   (or node scripts/build.mjs && node dist/bench/messaging/run.js)
// Env: BENCH_PAIRS (20), BENCH_IN_FLIGHT (100, over all pairs), BENCH_ROUNDS (2), BENCH_DURATION s (10),
//      BENCH_WARMUP s (3), BENCH_RATE msg/s for the open loop (default 80% of the closed loop's median),
//      BENCH_SEARCH_MESSAGES (1000000; 0 skips), BENCH_SEARCH_ONLY=1 (search alone, no message load), BENCH_PROFILE (gateway,messaging: V8 CPU profiles into BENCH_PROFILE_DIR),
//      DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Load, LoadResult, PairSpec } from './load';
import { measure, seed } from './search';
import { BenchStack, gql, Party, signUp, startStack } from '../support/stack';

const PAIRS = Number(process.env.BENCH_PAIRS ?? 20);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
/** Open-loop arrival rate; by default 80% of the closed loop's median, a rate the platform sustains in this run. */
const RATE_SET = process.env.BENCH_RATE ? Number(process.env.BENCH_RATE) : null;
const SEARCH_MESSAGES = Number(process.env.BENCH_SEARCH_MESSAGES ?? 1_000_000);
const SEARCH_ONLY = process.env.BENCH_SEARCH_ONLY === '1';

/** CPU seconds used by a process so far (/proc, Linux). */
function cpuOf(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Busy CPU seconds of the whole machine so far. */
function machineBusy(): number {
  const [, ...v] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  return (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / 100;
}

async function withCpu<T>(stack: BenchStack, work: () => Promise<T>): Promise<{ result: T; cpu: Record<string, number>; wall: number }> {
  const before = Object.fromEntries(Object.entries(stack.pids).map(([k, pid]) => [k, cpuOf(pid)]));
  const driver = process.cpuUsage();
  const busy = machineBusy();
  const t0 = Date.now();
  const result = await work();
  const wall = (Date.now() - t0) / 1000;
  const cpu: Record<string, number> = {};
  for (const [k, pid] of Object.entries(stack.pids)) cpu[k] = (cpuOf(pid) - before[k]) / wall;
  const used = process.cpuUsage(driver);
  cpu.driver = (used.user + used.system) / 1e6 / wall;
  cpu.machine = (machineBusy() - busy) / wall;
  return { result, cpu, wall };
}

function baseline(stack: BenchStack): LoadResult {
  const out = execFileSync(
    process.execPath,
    [path.join(__dirname, 'baseline.js'), stack.natsUrl, stack.databaseUrl, String(IN_FLIGHT), String(WARMUP), String(DURATION)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as LoadResult;
}

const row = (name: string, r: LoadResult) =>
  `${name.padEnd(34)} ${String(r.rate).padStart(6)} msg/s   p50 ${String(r.p50).padStart(6)} ms   p90 ${String(r.p90).padStart(6)} ms   p99 ${String(r.p99).padStart(6)} ms   errors ${r.errors}  disorder ${r.disorder}`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function main(): Promise<number> {
  console.log(`messaging bench: ${PAIRS} pairs, ${IN_FLIGHT} in flight, ${ROUNDS} rounds × ${DURATION} s (+${WARMUP} s warm-up)`);
  const stack = await startStack({ name: 'messaging', services: ['accounts', 'messaging'] });
  // A bench stopped with Ctrl+C still removes its processes and database.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void stack.stop().finally(() => process.exit(130)));
  }
  let failed = false;
  try {
    const users: Party[] = [];
    for (let i = 0; i < PAIRS * 2; i++) users.push(await signUp(stack, i));
    const specs: PairSpec[] = [];
    for (let i = 0; i < PAIRS; i++) {
      const [sender, receiver] = [users[2 * i], users[2 * i + 1]];
      const data = await gql<{ startDirectConversation: { id: string } }>(
        stack.gatewayUrl,
        `mutation($u:ID!){ startDirectConversation(userId:$u){ id } }`,
        { u: receiver.userId },
        sender.token,
      );
      specs.push({ sender, receiver, conversationId: data.startDirectConversation.id });
    }
    if (!SEARCH_ONLY) {
      const load = new Load(specs);
      await load.open(stack.gatewayUrl);
      const perPair = Math.max(1, Math.round(IN_FLIGHT / PAIRS));

      const platform: LoadResult[] = [];
      const base: LoadResult[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        const { result, cpu } = await withCpu(stack, () => load.closedLoop(perPair, WARMUP, DURATION));
        platform.push(result);
        console.log(row(`round ${round} platform (closed loop)`, result));
        console.log(
          `${''.padEnd(34)} cpu cores: ${Object.entries(cpu)
            .map(([k, v]) => `${k} ${v.toFixed(2)}`)
            .join(', ')}`,
        );
        const b = baseline(stack);
        base.push(b);
        console.log(row(`round ${round} baseline (NATS + INSERT)`, b));
        if (result.errors || result.disorder || b.errors) failed = true;
      }
      const RATE = RATE_SET ?? Math.max(50, Math.round((0.8 * median(platform.map((p) => p.rate))) / 50) * 50);
      const open = await withCpu(stack, () => load.openLoop(RATE, WARMUP, DURATION));
      console.log(row(`platform at ${RATE}/s (open loop)`, open.result));
      console.log(
        `${''.padEnd(34)} cpu cores: ${Object.entries(open.cpu)
          .map(([k, v]) => `${k} ${v.toFixed(2)}`)
          .join(', ')}`,
      );
      if (open.result.errors || open.result.disorder) failed = true;
      await load.close();

      const ratios = platform.map((p, i) => p.rate / base[i].rate);
      console.log(
        `\nplatform/baseline throughput ratio: ${median(ratios).toFixed(2)} (per round: ${ratios.map((r) => r.toFixed(2)).join(', ')})`,
      );
      console.log(
        `closed loop median: ${median(platform.map((p) => p.rate))} msg/s, p99 ${median(platform.map((p) => p.p99))} ms; ` +
          `open loop at ${RATE}/s: ${open.result.rate} msg/s delivered, p50 ${open.result.p50} ms, p99 ${open.result.p99} ms`,
      );
    }

    if (SEARCH_MESSAGES > 0) {
      const viewer = users[1];
      const seeded = await seed(stack.databaseUrl, viewer.userId, SEARCH_MESSAGES);
      console.log(`\nsearch: seeded ${SEARCH_MESSAGES} messages in ${seeded.seconds} s (viewer in 50 of 1000 conversations)`);
      for (const f of await measure(stack.gatewayUrl, viewer.token, stack.databaseUrl, viewer.userId, 30)) {
        console.log(
          `  ${JSON.stringify(f.query).padEnd(22)} matches ${f.matches.padEnd(18)} first page ${String(f.first).padStart(2)}   ` +
            `gateway p50 ${f.p50} ms p99 ${f.p99} ms   bare SQL p50 ${f.sqlP50} p99 ${f.sqlP99} ms   ` +
            `first issue-17 query p50 ${f.firstRunP50} p99 ${f.firstRunP99} ms   before-issue-17 query p50 ${f.legacyP50} p99 ${f.legacyP99} ms   ` +
            `PostgreSQL CPU µs/statement now ${f.cpu.now}, first issue-17 ${f.cpu.firstRun}, before ${f.cpu.legacy}`,
        );
      }
    }
  } finally {
    await stack.stop();
  }
  if (failed) console.log('FAILED: errors or out-of-order deliveries (see above)');
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
