// The service side of one NATS request, alone: CPU-microseconds a service
// process spends per request (bench/README.md, "RPC"). A private nats-server;
// two responder processes (service.ts): `service`, made by createService as
// every service is, and `bare`, nats.js parsing the same JSON. The driver
// (this process) keeps BENCH_IN_FLIGHT requests in flight with a correlation
// id header, as RpcClient sends them, on the subject of each in turn, in
// alternating rounds; every reply is checked. The figure is each responder's
// CPU (from /proc) per answered request, and service/bare in the same run.
import { ChildProcess, spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { connect, headers, NatsConnection } from 'nats';
import { CORRELATION_HEADER } from '@app/contracts';
import { cpuSeconds } from '../peers/cpu';
import { freePort } from '../support/stack';

const SUBJECT = 'bench.rpc.send.v1';
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 10);
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

function start(mode: string, natsUrl: string): Promise<ChildProcess> {
  const profile = process.env.BENCH_PROFILE
    ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE_DIR ?? path.join(os.tmpdir(), 'bench-rpc-profiles')]
    : [];
  const child = spawn(process.execPath, [...profile, path.join(__dirname, 'service.js'), mode, natsUrl], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`${mode} exited with ${code ?? signal}`)));
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve(child));
  });
}

/** Requests for `seconds` with IN_FLIGHT in flight; each reply must echo its request. */
async function load(nc: NatsConnection, seconds: number): Promise<number> {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const until = Date.now() + seconds * 1000;
  let done = 0;
  let n = 0;
  const worker = async () => {
    while (Date.now() < until) {
      const clientId = `c-${n++}`;
      const h = headers();
      h.set(CORRELATION_HEADER, `bench-${clientId}`);
      const data = {
        viewerId: '6f1c2b1e-8f8e-4c57-9a55-2b8f5d6a1c01',
        conversationId: 'd_01HZX8Q2R7Y5K3M4N6P8S0T2V4',
        clientId,
        text: 'سلام، این یک پیام است',
      };
      const reply = await nc.request(SUBJECT, encoder.encode(JSON.stringify({ pattern: SUBJECT, data, id: clientId })), {
        timeout: 10_000,
        headers: h,
      });
      const body = JSON.parse(decoder.decode(reply.data)) as { response?: { id: string; length: number }; err?: unknown };
      if (body.response?.id !== clientId || body.response.length !== data.text.length) throw new Error(`bad reply ${JSON.stringify(body)}`);
      done++;
    }
  };
  await Promise.all([...Array(IN_FLIGHT)].map(worker));
  return done;
}

/** The service still answers a payload that breaks a rule, and a handler's error, with the contract's error. */
async function checkErrors(nc: NatsConnection, mode: string): Promise<void> {
  if (mode !== 'service') return;
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ viewerId: 'not-a-uuid', conversationId: 'd_1', clientId: 'x', text: 'a' }, '"code":"BAD_USER_INPUT"'],
    [{ viewerId: '6f1c2b1e-8f8e-4c57-9a55-2b8f5d6a1c01', conversationId: 'd_1', clientId: 'x', text: 'fail' }, '"code":"BAD_USER_INPUT"'],
  ];
  for (const [data, expected] of cases) {
    const reply = await nc.request(SUBJECT, new TextEncoder().encode(JSON.stringify({ pattern: SUBJECT, data, id: 'e' })), {
      timeout: 10_000,
    });
    const text = new TextDecoder().decode(reply.data);
    if (!text.includes(expected) || !text.includes('"err"')) throw new Error(`bad error reply ${text}`);
  }
}

async function main(): Promise<void> {
  const natsPort = await freePort();
  const nats = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(natsPort)], { stdio: 'ignore' });
  const natsUrl = `nats://127.0.0.1:${natsPort}`;
  const children: ChildProcess[] = [nats];
  try {
    let nc: NatsConnection | undefined;
    for (let i = 0; !nc; i++) {
      nc = await connect({ servers: natsUrl }).catch((err: unknown) => {
        if (i > 50) throw err;
        return new Promise<undefined>((r) => setTimeout(() => r(undefined), 100));
      });
    }
    console.log(
      `load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}; ${IN_FLIGHT} in flight, ${ROUNDS} rounds × ${DURATION} s`,
    );
    const results: Record<string, number[]> = { bare: [], service: [] };
    for (let round = 1; round <= ROUNDS; round++) {
      for (const mode of round % 2 ? ['bare', 'service'] : ['service', 'bare']) {
        const child = await start(mode, natsUrl);
        children.push(child);
        await checkErrors(nc, mode);
        await load(nc, WARMUP);
        const before = cpuSeconds(child.pid!);
        const t0 = Date.now();
        const done = await load(nc, DURATION);
        const cpu = cpuSeconds(child.pid!) - before;
        const us = (cpu * 1e6) / done;
        results[mode].push(us);
        console.log(
          `round ${round} ${mode.padEnd(7)} ${Math.round(done / ((Date.now() - t0) / 1000))} req/s, ${Math.round(us)} CPU-µs per request`,
        );
        child.kill();
        await new Promise((r) => child.once('exit', r));
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(
      `service ${Math.round(median(results.service))} CPU-µs per request, bare ${Math.round(median(results.bare))}: ` +
        `service/bare ${(median(results.service) / median(results.bare)).toFixed(2)}`,
    );
    await nc.close();
  } finally {
    for (const c of children) c.kill();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
