// Idle connections: what N signed-in WebSockets, each holding an `updates`
// subscription, cost one gateway process, and whether delivery still works
// with all of them open. In one run: the gateway's RSS and V8 heap after full
// garbage collections with no client (the baseline, after a warm-up of the
// same path), then with N sockets subscribed; the difference per socket. Then
// a message to each of SAMPLE receivers spread over the N, every one of which
// must arrive, and the CPU each process burns per second while the N idle.
// Users and sessions are written straight into accounts' tables and their
// access tokens signed with the stack's secret (a sign-in per user would take
// longer than the whole measurement); the sockets come from client processes
// of up to 10,000 sockets each, each from its own loopback source address.
// Usage: npm run bench -- idle   (N=2,000);  BENCH_IDLE_SOAK=1 npm run bench -- idle   (N=50,000)
// Env: BENCH_IDLE_N (2000, or 50000 with BENCH_IDLE_SOAK=1), BENCH_IDLE_SAMPLE receivers checked (200),
//      BENCH_IDLE_HEAP=path: V8 heap snapshots of the gateway, path-before.heapsnapshot and path-after… (with the N sockets open),
//      DATABASE_URL (server for the fresh database; default postgres://postgres@127.0.0.1:5432/postgres).
// The gateway needs N + 1,000 open files: the bench raises its soft limit with
// prlimit up to the hard limit, and stops with the limit in its message when
// the hard limit is lower (raise it, e.g. `ulimit -Hn`, as a user who may).
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { SignJWT } from 'jose';
import { Client } from 'pg';
import { cpuSeconds } from '../peers/cpu';
import { BENCH_JWT_SECRET, BenchStack, freePort, gql, Party, signUp, startStack } from '../support/stack';
import { GatewayProbe, Memory, openFilesLimit } from './gateway-probe';

const SOAK = process.env.BENCH_IDLE_SOAK === '1';
const N = Number(process.env.BENCH_IDLE_N ?? (SOAK ? 50_000 : 2_000));
const SAMPLE = Math.min(N, Number(process.env.BENCH_IDLE_SAMPLE ?? 200));
const PER_CLIENT = 10_000;
/** Sockets each client process opens at once. */
const CONCURRENCY = 50;
const HEAP = process.env.BENCH_IDLE_HEAP;

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** N users with a session each, written in two statements; their access tokens (an hour). */
async function bulkUsers(stack: BenchStack, n: number): Promise<Array<{ userId: string; token: string }>> {
  const db = new Client({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ id: string; user_id: string }>(
      `WITH u AS (INSERT INTO accounts.users (phone, display_name)
                  SELECT '+98913' || lpad(g::text, 7, '0'), 'کاربر ' || g FROM generate_series(1, $1::int) g RETURNING id, phone)
       INSERT INTO accounts.sessions (user_id, device_name)
       SELECT id, 'bench idle' FROM u ORDER BY phone RETURNING id, user_id`,
      [n],
    );
    const secret = new TextEncoder().encode(BENCH_JWT_SECRET);
    const exp = Math.floor(Date.now() / 1000) + 3600;
    return Promise.all(
      rows.map(async (r) => ({
        userId: r.user_id,
        token: await new SignJWT({ sid: r.id })
          .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
          .setSubject(r.user_id)
          .setIssuedAt()
          .setExpirationTime(exp)
          .sign(secret),
      })),
    );
  } finally {
    await db.end();
  }
}

/** The gateway's gauge of NATS subjects it listens on: one per subscribed user. */
async function liveSubjects(gatewayUrl: string): Promise<number> {
  const text = await (await fetch(`${gatewayUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('gateway_live_subjects '));
  return line ? Number(line.split(' ')[1]) : 0;
}

/** Makes room for `need` open files in the gateway, or says why it cannot. */
function raiseOpenFiles(pid: number, need: number): void {
  if (openFilesLimit(pid) >= need) return;
  try {
    execFileSync('prlimit', ['--pid', String(pid), `--nofile=${need}:${need}`], { stdio: 'pipe' });
  } catch (err) {
    const why = String((err as { stderr?: Buffer }).stderr ?? err).trim();
    throw new Error(
      `the gateway may open ${openFilesLimit(pid)} files and ${N} sockets need ${need}; prlimit could not raise it (${why}). ` +
        `Raise the hard limit (ulimit -Hn, or CAP_SYS_RESOURCE), or set BENCH_IDLE_N lower.`,
      { cause: err },
    );
  }
}

interface Clients {
  procs: ChildProcess[];
  delivered: Map<number, string>;
  lost: Array<{ index: number; code: unknown; detail?: unknown }>;
  ready: Promise<number>;
}

/** Client processes of up to PER_CLIENT sockets, each from its own source address 127.0.0.(11 + k). */
function startClients(stack: BenchStack, tokens: string[], dir: string): Clients {
  const delivered = new Map<number, string>();
  const lost: Clients['lost'] = [];
  const procs: ChildProcess[] = [];
  const readies: Array<Promise<number>> = [];
  const wsUrl = stack.gatewayUrl.replace(/^http/, 'ws') + '/graphql';
  for (let k = 0, first = 0; first < tokens.length; k++, first += PER_CLIENT) {
    const file = path.join(dir, `tokens-${k}.txt`);
    fs.writeFileSync(file, tokens.slice(first, first + PER_CLIENT).join('\n'));
    const child = spawn(
      process.execPath,
      [path.join(__dirname, 'clients.js'), wsUrl, `127.0.0.${11 + k}`, file, String(first), String(CONCURRENCY)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    procs.push(child);
    readies.push(
      new Promise((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`client process ${k} exited (${code})`)));
        readline.createInterface({ input: child.stdout! }).on('line', (line) => {
          const msg = JSON.parse(line) as {
            ready?: number;
            delivered?: number;
            text?: string;
            lost?: number;
            code?: unknown;
            detail?: unknown;
          };
          if (msg.ready !== undefined) resolve(msg.ready);
          else if (msg.delivered !== undefined) delivered.set(msg.delivered, msg.text ?? '');
          else if (msg.lost !== undefined) lost.push({ index: msg.lost, code: msg.code, detail: msg.detail });
        });
      }),
    );
  }
  return { procs, delivered, lost, ready: Promise.all(readies).then((n) => n.reduce((a, b) => a + b, 0)) };
}

interface Prepared {
  users: Array<{ userId: string; token: string }>;
  sender: Party;
  sample: number[];
  conversations: Map<number, string>;
}

/** N users, a sender, and a direct conversation of the sender with each of SAMPLE receivers spread over the N. */
async function prepare(stack: BenchStack): Promise<Prepared> {
  const t = Date.now();
  const users = await bulkUsers(stack, N);
  const sender = await signUp(stack, 0);
  const sample = Array.from({ length: SAMPLE }, (_, k) => Math.floor((k * N) / SAMPLE));
  const conversations = new Map<number, string>();
  for (const i of sample) {
    const data = await gql<{ startDirectConversation: { id: string } }>(
      stack.gatewayUrl,
      'mutation($u:ID!){ startDirectConversation(userId:$u){ id } }',
      { u: users[i].userId },
      sender.token,
    );
    conversations.set(i, data.startDirectConversation.id);
  }
  console.log(`${N} users and sessions, ${SAMPLE} conversations: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return { users, sender, sample, conversations };
}

/** A message from the sender to each sample receiver (10 at a time); the text each must receive. */
async function send(stack: BenchStack, p: Prepared, round: string): Promise<Map<number, string>> {
  const texts = new Map(p.sample.map((i) => [i, `${round} ${i} ${randomUUID()}`]));
  let next = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < p.sample.length) {
        const i = p.sample[next++];
        const input = { conversationId: p.conversations.get(i), clientId: randomUUID(), text: texts.get(i) };
        // A loaded machine may time a send out; the same clientId makes the retry safe.
        for (let attempt = 1; ; attempt++) {
          try {
            await gql(stack.gatewayUrl, 'mutation($i:SendMessageInput!){ sendMessage(input:$i){ id } }', { i: input }, p.sender.token);
            break;
          } catch (err) {
            if (attempt === 5 || !String(err).includes('SERVICE_UNAVAILABLE')) throw err;
          }
        }
      }
    }),
  );
  return texts;
}

/** How many of the texts reached their receiver, waiting up to `within` ms for all. */
async function awaitDelivery(c: Clients, texts: Map<number, string>, within: number): Promise<number> {
  const until = Date.now() + within;
  const got = () => [...texts].filter(([i, text]) => c.delivered.get(i) === text).length;
  while (got() < texts.size && Date.now() < until) await sleep(100);
  return got();
}

/** Opens every socket and waits until the gateway listens for each user. */
async function openAll(stack: BenchStack, p: Prepared): Promise<Clients> {
  const t = Date.now();
  const clients = startClients(
    stack,
    p.users.map((u) => u.token),
    stack.dataDir,
  );
  const progress = setInterval(() => void liveSubjects(stack.gatewayUrl).then((n) => console.log(`  ${n} subscribed…`)), 10_000);
  try {
    const opened = await clients.ready;
    let subscribed = await liveSubjects(stack.gatewayUrl);
    const deadline = Date.now() + 120_000;
    while (subscribed < N && Date.now() < deadline) {
      await sleep(250);
      subscribed = await liveSubjects(stack.gatewayUrl);
    }
    const seconds = (Date.now() - t) / 1000;
    console.log(`${opened} sockets open, ${subscribed} subscriptions live in ${seconds.toFixed(1)} s (${Math.round(N / seconds)}/s)`);
    if (subscribed < N) {
      throw new Error(`only ${subscribed} of ${N} subscriptions became live; lost: ${JSON.stringify(clients.lost.slice(0, 5))}`);
    }
    return clients;
  } finally {
    clearInterval(progress);
  }
}

/** What each process burns per second over 10 s. */
async function idleCpu(pids: Record<string, number>): Promise<string> {
  const cpu0 = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid)]));
  await sleep(10_000);
  return Object.entries(pids)
    .map(([k, pid]) => `${k} ${Math.round(((cpuSeconds(pid) - cpu0[k]) / 10) * 1000)}`)
    .join(', ');
}

async function measure(stack: BenchStack, probe: GatewayProbe, p: Prepared, track: (c: Clients) => void): Promise<number> {
  // Warm-up: the whole path once (a few sockets, a message each), so the baseline has paid for its code and caches.
  const warm = startClients(
    stack,
    p.sample.slice(0, 20).map((i) => p.users[i].token),
    stack.dataDir,
  );
  await warm.ready;
  await sleep(500);
  warm.procs.forEach((c) => c.kill('SIGTERM'));
  await sleep(1000);

  const before = await probe.settled();
  if (HEAP) await probe.snapshot(`${HEAP}-before.heapsnapshot`);
  console.log(`baseline (no socket): RSS ${mb(before.rss)} MB, heap ${mb(before.heapUsed)} MB; load ${load()}`);

  const clients = await openAll(stack, p);
  track(clients);
  console.log(`idle with ${N} sockets, CPU ms per second: ${await idleCpu(stack.pids)}`);
  const after: Memory = await probe.settled();
  const perSocket = (k: keyof Memory) => (after[k] - before[k]) / N;
  if (HEAP) await probe.snapshot(`${HEAP}-after.heapsnapshot`);
  console.log(`with ${N} sockets: RSS ${mb(after.rss)} MB, heap ${mb(after.heapUsed)} MB; load ${load()}`);

  const got = await awaitDelivery(clients, await send(stack, p, 'idle'), 60_000);
  console.log(`delivery to ${SAMPLE} receivers spread over the ${N}: ${got}/${SAMPLE}`);
  const lost = clients.lost.length;
  if (lost) console.log(`sockets lost: ${lost}, e.g. ${JSON.stringify(clients.lost.slice(0, 3))}`);

  console.log('');
  console.log(`per idle subscribed socket (N=${N}, same run):`);
  console.log(`  RSS            ${kb(perSocket('rss')).padStart(6)} KB   (${mb(before.rss)} → ${mb(after.rss)} MB)`);
  console.log(`  V8 heap        ${kb(perSocket('heapUsed')).padStart(6)} KB   (${mb(before.heapUsed)} → ${mb(after.heapUsed)} MB)`);
  console.log(`  external       ${kb(perSocket('external')).padStart(6)} KB`);
  console.log(`  delivered      ${got}/${SAMPLE}; sockets lost ${lost}; load ${load()}`);
  return got === SAMPLE && !lost ? 0 : 1;
}

async function main(): Promise<number> {
  console.log(`idle connections: N=${N}${SOAK ? ' (soak)' : ''}, sample ${SAMPLE}; load ${load()}`);
  const inspectPort = await freePort();
  const stack = await startStack({
    name: 'idle',
    services: ['accounts', 'messaging'],
    nodeArgs: { gateway: [`--inspect=127.0.0.1:${inspectPort}`] },
  });
  const clients: Clients[] = [];
  const stop = async () => {
    clients.forEach((c) => c.procs.forEach((p) => p.kill('SIGTERM')));
    await stack.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop().finally(() => process.exit(130)));
  try {
    raiseOpenFiles(stack.pids.gateway, N + 1000);
    const probe = await GatewayProbe.connect(inspectPort, stack.pids.gateway);
    try {
      return await measure(stack, probe, await prepare(stack), (c) => clients.push(c));
    } finally {
      probe.close();
    }
  } finally {
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
