// `npm run chaos`: on loopback, a 3-node NATS cluster with JetStream replicas
// 3, two copies of every service and two gateways; under a bounded load of
// messages, transfers and bill payments, kill -9 one NATS node, one copy of
// each service and one gateway, one at a time, then bring each back. Prints
// what clients saw and checks the invariants (exit 1 on any problem).
// Throughput at one copy of everything vs two is measured first.
// Env: CHAOS_PAIRS (8 pairs of users, one client each), CHAOS_DOWN_MS (4000),
//      CHAOS_SETTLE_MS (4000), CHAOS_THROUGHPUT_MS (10000), DATABASE_URL.
import { Clients, Figures } from './load';
import { preparePairs, runChaos, throughput } from './chaos';
import { startChaosPlatform } from './platform';

const PAIRS = Number(process.env.CHAOS_PAIRS ?? 8);
const DOWN = Number(process.env.CHAOS_DOWN_MS ?? 4000);
const SETTLE = Number(process.env.CHAOS_SETTLE_MS ?? 4000);
const MEASURE = Number(process.env.CHAOS_THROUGHPUT_MS ?? 10_000);

async function main(): Promise<number> {
  const p = await startChaosPlatform(1);
  try {
    const { pairs } = await preparePairs(p, new Clients([p.gateways[0].url], new Figures()), PAIRS);
    const one = await throughput(p, pairs, MEASURE);
    await p.scaleTo(2);
    const two = await throughput(p, pairs, MEASURE);
    console.log(
      `throughput, acknowledged operations/s with ${PAIRS} clients: one copy of everything ${one.toFixed(0)}, two copies ${two.toFixed(0)} (${(two / one).toFixed(2)}×)`,
    );

    const report = await runChaos(p, { pairs: PAIRS, downMs: DOWN, settleMs: SETTLE, log: (l) => console.log(l) });
    const f = report.figures;
    console.log(`\nchaos: ${report.seconds.toFixed(0)} s under load`);
    console.log(
      `requests ${f.requests}, answered ${f.answered}, SERVICE_UNAVAILABLE ${f.unavailable}, other errors ${f.otherErrors} ${JSON.stringify(Object.fromEntries(f.errorCodes))}, refused connections ${f.networkErrors}`,
    );
    console.log(`longest a client went without an acknowledged operation: ${(f.longestOutageMs / 1000).toFixed(1)} s`);
    console.log(
      `acknowledged: ${report.acked.messages.length} messages, ${report.acked.transfers.length} transfers, ${report.acked.bills.length} bill payments`,
    );
    for (const problem of report.problems) console.log(`PROBLEM ${problem}`);
    console.log(
      report.problems.length
        ? `${report.problems.length} invariant(s) broken`
        : 'invariants hold: no message lost or duplicated, seq gapless, every transfer posted once in its chat, ledger verifies, every resumed stream complete and without repeats',
    );
    return report.problems.length ? 1 : 0;
  } finally {
    await p.stop();
  }
}

void main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
