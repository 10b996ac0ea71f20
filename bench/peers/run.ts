// The platform next to ejabberd, in one run on the same cores: for each
// PAIRS × WINDOW row (1×1, 10×1, 10×10, 20×5) both servers take the same
// closed-loop load (harness.ts: latency send → delivery, every delivery
// checked), alternating which goes first, and the table gives the ratio per
// row plus the CPU-microseconds per delivered message of every process of
// each side (gateway, messaging, accounts, nats-server and the PostgreSQL
// backends of its database; ejabberd's Erlang VM and its backends; the driver).
// ejabberd missing: its rows are skipped with how to install it (xmpp.ts).
// Usage: npm run bench -- peers
// Env: BENCH_ROWS ("1x1,10x1,10x10,20x5"), BENCH_DURATION s per phase (5), BENCH_WARMUP s (1), BENCH_ROUNDS (1),
//      BENCH_COPIES of gateway and messaging (1), BENCH_WARM s of untimed load per side first (4), BENCH_PEERS (platform,ejabberd), BENCH_PROFILE (see support/stack.ts),
//      DATABASE_URL (server for the platform's fresh database; default postgres://postgres@127.0.0.1:5432/postgres).
import os from 'node:os';
import { ClosedLoop, Peer, RowResult, sleep } from './harness';
import { findProcess, measureCpu, Processes } from './cpu';
import { PlatformPeer } from './platform';
import { ejabberdListening, INSTALL_EJABBERD, registerUsers, XmppPeer } from './xmpp';
import { startStack } from '../support/stack';

const ROWS = (process.env.BENCH_ROWS ?? '1x1,10x1,10x10,20x5').split(',').map((r) => r.split('x').map(Number) as [number, number]);
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
/** Seconds of 10×5 load on each side before the table, so that no row pays for JIT compilation or cold caches. */
const WARM = Number(process.env.BENCH_WARM ?? 4);
/** BENCH_PEERS=platform leaves ejabberd out (e.g. while profiling). */
const WITH_EJABBERD = (process.env.BENCH_PEERS ?? 'platform,ejabberd').includes('ejabberd');
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Copies of the gateway and of messaging, each its own process (BENCH_COPIES=2: one per core, as ejabberd's VM runs a scheduler per core). */
const COPIES = Number(process.env.BENCH_COPIES ?? 1);
const MAX_PAIRS = Math.max(...ROWS.map(([p]) => p));

interface Side {
  loop: ClosedLoop;
  procs: Processes;
}
interface Measured {
  result: RowResult;
  cpu: Record<string, number>;
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const fmt = (r: RowResult) => `${String(r.rate).padStart(5)} msg/s ${String(r.p50).padStart(6)} / ${String(r.p99).padStart(6)} ms`;

async function phase(side: Side, pairs: number, window: number): Promise<Measured> {
  return measureCpu(side.procs, () => side.loop.run(pairs, window, WARMUP, DURATION));
}

function cpuLine(name: string, m: Measured): string {
  const per = (s: number) => Math.round((s * 1e6) / Math.max(1, m.result.deliveredAll));
  const parts = Object.entries(m.cpu).map(([k, v]) => `${k} ${per(v)}`);
  const total = per(Object.values(m.cpu).reduce((a, b) => a + b, 0));
  return `    ${name.padEnd(9)} µs CPU per delivered message: ${parts.join(', ')}; total ${total}`;
}

/** What each side's processes burn with nothing to do (timers, pollers), then an untimed warm-up of both. */
async function idleAndWarm(platform: Side, ejabberd?: Side): Promise<void> {
  for (const [name, side] of Object.entries({ platform, ejabberd })) {
    if (!side) continue;
    const { cpu } = await measureCpu(side.procs, () => sleep(2000));
    const parts = Object.entries(cpu).map(([k, v]) => `${k} ${Math.round((v * 1e6) / 2 / 1000)}`);
    console.log(`idle ${name}: CPU ms per second ${parts.join(', ')}`);
  }
  for (const side of [platform, ejabberd]) if (side && WARM > 0) await side.loop.run(10, 5, 0, WARM);
}

async function sides(): Promise<{ platform: Side; ejabberd?: Side; stop: () => Promise<void> }> {
  const stack = await startStack({ name: 'peers', services: ['accounts', 'messaging'], copies: { gateway: COPIES, messaging: COPIES } });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stack.stop().finally(() => process.exit(130)));
  const platformPeer = new PlatformPeer(stack);
  await platformPeer.prepare(MAX_PAIRS);
  const { nats, ...services } = stack.pids;
  const platform: Side = {
    loop: new ClosedLoop(platformPeer, MAX_PAIRS),
    procs: {
      fixed: { ...services, 'nats-server': nats },
      postgres: { adminUrl: ADMIN_URL, database: new URL(stack.databaseUrl).pathname.slice(1) },
    },
  };
  let ejabberd: Side | undefined;
  if (WITH_EJABBERD && !(await ejabberdListening())) console.log(INSTALL_EJABBERD);
  else if (WITH_EJABBERD) {
    // Without ejabberdctl here (ejabberd elsewhere), the users must exist already.
    await registerUsers(MAX_PAIRS * 2).catch((err: Error) => console.log(`ejabberdctl could not register the bench users: ${err.message}`));
    const beam = findProcess('beam.smp', 'ejabberd');
    ejabberd = {
      loop: new ClosedLoop(new XmppPeer() as Peer, MAX_PAIRS),
      procs: { fixed: beam ? { ejabberd: beam } : {}, postgres: { adminUrl: ADMIN_URL, database: 'ejabberd' } },
    };
    await ejabberd.loop.open();
  }
  await platform.loop.open();
  return {
    platform,
    ejabberd,
    stop: async () => {
      await platform.loop.close();
      await ejabberd?.loop.close();
      await stack.stop();
    },
  };
}

async function main(): Promise<number> {
  console.log(
    `peers bench: rows ${ROWS.map((r) => r.join('×')).join(', ')}; ${COPIES} copy(ies) of gateway and messaging; ${ROUNDS} round(s) × ${DURATION} s (+${WARMUP} s warm-up)`,
  );
  console.log(`load average at start: ${load()} (${os.cpus().length} cores)`);
  const { platform, ejabberd, stop } = await sides();
  const table: string[] = [];
  let failed = false;
  try {
    await idleAndWarm(platform, ejabberd);
    let flip = false;
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [pairs, window] of ROWS) {
        const order: [string, Side | undefined][] = [
          ['ejabberd', ejabberd],
          ['platform', platform],
        ];
        if ((flip = !flip)) order.reverse();
        const got: Record<string, Measured> = {};
        for (const [name, side] of order) if (side) got[name] = await phase(side, pairs, window);
        const p = got.platform;
        const e = got.ejabberd;
        const row = `${pairs}×${window}`.padEnd(6);
        const ratio = e
          ? `${(p.result.rate / Math.max(1, e.result.rate)).toFixed(2)}×   p99 ${(p.result.p99 / Math.max(0.1, e.result.p99)).toFixed(2)}×`
          : 'n/a';
        const line = `${row} ejabberd ${e ? fmt(e.result) : 'skipped'.padEnd(30)}   platform ${fmt(p.result)}   platform/ejabberd msgs/s ${ratio}`;
        table.push(line);
        console.log(`${line}   (load ${load()})`);
        for (const [name, m] of Object.entries(got)) {
          console.log(cpuLine(name, m));
          if (m.result.errors) {
            console.log(`    ${name}: ${m.result.errors} errors (failed, unknown, repeated or lost deliveries)`);
            failed = true;
          }
          if (m.result.reordered) console.log(`    ${name}: ${m.result.reordered} deliveries overtook an earlier send of their pair`);
        }
      }
    }
  } finally {
    await stop();
  }
  console.log(`\npairs×window, msgs/s and p50 / p99 latency (load average at the end: ${load()})`);
  table.forEach((l) => console.log(l));
  if (failed) console.log('FAILED: errors in deliveries (see above)');
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
