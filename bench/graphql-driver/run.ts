// Picks the gateway's GraphQL driver by measurement: each driver runs in its
// own NestJS+Fastify child process and is loaded with autocannon in
// alternating rounds, because on this shared 2-core machine only ratios
// measured side by side in one run are trustworthy (shared/performance.md).
// Usage: node scripts/build.mjs && node dist/bench/graphql-driver/run.js
// Env: BENCH_ROUNDS (5), BENCH_DURATION seconds (5), BENCH_PORT base port (3901).
import { ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type { DriverName } from './server';
import { QUERY } from './schema';
import { autocannon } from '../support/autocannon';

// Not imported from server.ts, so the runner does not load the drivers itself.
const DRIVERS: DriverName[] = ['mercurius-jit', 'mercurius', 'apollo'];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const WARMUP = 3;
const CONNECTIONS = 20;
const BASE_PORT = Number(process.env.BENCH_PORT ?? 3901);
const BODY = JSON.stringify({ query: QUERY, variables: { first: 20 } });

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  clientCpu: number;
  bad: number;
}

const children = new Set<ChildProcess>();
// Last resort if main() never reaches its finally (e.g. process.exit elsewhere).
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

function startServer(driver: DriverName, port: number): Promise<ChildProcess> {
  const child = fork(path.join(__dirname, 'server.js'), [driver, String(port)], {
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${driver}: not ready after 30 s`)), 30_000);
    child.once('message', () => {
      clearTimeout(timer);
      resolve(child);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${driver}: exited with ${code} before ready`));
    });
  });
}

async function stopAll(): Promise<void> {
  await Promise.all(
    [...children].map(
      (c) =>
        new Promise<void>((resolve) => {
          const force = setTimeout(() => c.kill('SIGKILL'), 5_000);
          c.once('exit', () => {
            clearTimeout(force);
            resolve();
          });
          c.kill('SIGTERM');
        }),
    ),
  );
}

// One request through fetch, checked field by field: a benchmark of error
// responses measures nothing. Returns the raw body, which autocannon then
// expects byte for byte (data is deterministic) so every response is checked.
async function sample(driver: DriverName, port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: BODY,
  });
  const text = await res.text();
  const json = JSON.parse(text);
  const list = json?.data?.conversations;
  const ok =
    res.status === 200 &&
    !json.errors &&
    Array.isArray(list) &&
    list.length === 20 &&
    list.every(
      (c: { lastMessage?: { sender?: { username?: string }; reactions?: unknown }; members: { nodes: unknown[] } }) =>
        c.lastMessage?.sender?.username && Array.isArray(c.lastMessage.reactions) && c.members.nodes.length === 3,
    );
  if (!ok) throw new Error(`${driver}: bad response ${res.status}: ${text.slice(0, 300)}`);
  return text;
}

async function load(port: number, expectBody: string, duration: number): Promise<Sample> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const r = await autocannon({
    url: `http://127.0.0.1:${port}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: BODY,
    connections: CONNECTIONS,
    duration,
    expectBody,
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e3; // µs
  const used = process.cpuUsage(cpu);
  return {
    rps: r.requests.total / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    // If the client itself nears 100% of a core, the figure is client-bound.
    clientCpu: (used.user + used.system) / wall,
    bad: r.non2xx + r.errors + r.timeouts + r.mismatches,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pad = (v: string | number, n: number) => String(v).padStart(n);

export async function main(): Promise<number> {
  let bad = 0;
  try {
    const ports = new Map(DRIVERS.map((d, i) => [d, BASE_PORT + i]));
    // Started one after another so boot does not compete; idle servers cost no CPU.
    for (const d of DRIVERS) await startServer(d, ports.get(d)!);
    const expected = new Map<DriverName, string>();
    for (const d of DRIVERS) {
      expected.set(d, await sample(d, ports.get(d)!));
      await load(ports.get(d)!, expected.get(d)!, WARMUP); // JIT, caches, V8 tiers
    }
    // Same data from every driver, so they all did the same work (Apollo only
    // adds a trailing newline, hence the comparison after parsing).
    const canonical = (d: DriverName) => JSON.stringify(JSON.parse(expected.get(d)!));
    for (const d of DRIVERS) {
      if (canonical(d) !== canonical('mercurius-jit')) throw new Error(`${d}: data differs from mercurius-jit`);
    }
    const bytes = Buffer.byteLength(expected.get('mercurius-jit')!);
    console.log(`response ${bytes} bytes; ${ROUNDS} rounds × ${DURATION} s, ${CONNECTIONS} connections`);
    console.log(`round  ${'driver'.padEnd(14)}  req/s   p50 ms  p99 ms  client cpu  errors`);
    const samples = new Map<DriverName, Sample[]>(DRIVERS.map((d) => [d, []]));
    for (let round = 0; round < ROUNDS; round++) {
      // Rotate the order each round so no driver always follows the same one.
      const order = DRIVERS.map((_, i) => DRIVERS[(i + round) % DRIVERS.length]);
      for (const d of order) {
        const s = await load(ports.get(d)!, expected.get(d)!, DURATION);
        await sample(d, ports.get(d)!); // still correct after load
        samples.get(d)![round] = s;
        bad += s.bad;
        console.log(
          `${pad(round + 1, 5)}  ${d.padEnd(14)} ${pad(s.rps.toFixed(0), 6)} ${pad(s.p50, 8)} ${pad(s.p99, 7)} ${pad((s.clientCpu * 100).toFixed(0) + '%', 11)} ${pad(s.bad, 7)}`,
        );
      }
    }
    // Ratio = median of per-round ratios: each ratio compares runs seconds apart.
    const base = samples.get('mercurius-jit')!;
    console.log('\n| driver | req/s (median) | p50 ms | p99 ms | ratio to mercurius-jit |\n|---|---|---|---|---|');
    for (const d of DRIVERS) {
      const ss = samples.get(d)!;
      const ratio = median(ss.map((s, i) => s.rps / base[i].rps));
      console.log(
        `| ${d} | ${median(ss.map((s) => s.rps)).toFixed(0)} | ${median(ss.map((s) => s.p50))} | ${median(ss.map((s) => s.p99))} | ${ratio.toFixed(2)} |`,
      );
    }
    if (bad > 0) console.error(`\nFAIL: ${bad} non-2xx, failed, timed out or mismatched responses`);
    return bad > 0 ? 1 : 0;
  } finally {
    await stopAll();
  }
}

if (require.main === module) {
  process.on('SIGINT', () => void stopAll().finally(() => process.exit(130)));
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
