// The platform for a benchmark as production runs it: each service and the
// gateway its own Node process (dist/apps/<svc>/src/main.js), a private
// nats-server (nobody else joins our queue groups or subjects) and a fresh
// PostgreSQL database on DATABASE_URL's server, all removed at the end.
// BENCH_PROFILE=gateway,messaging,… writes V8 CPU profiles of those processes
// into BENCH_PROFILE_DIR.
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

const root = path.resolve(__dirname, '../../..');
const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));
let stopping = false;

export interface BenchStack {
  databaseUrl: string;
  natsUrl: string;
  gatewayUrl: string;
  /** Every gateway copy (the first is gatewayUrl). */
  gatewayUrls: string[];
  dataDir: string;
  /** Process ids by name (nats, each service, gateway), for CPU accounting. */
  pids: Record<string, number>;
  stop(): Promise<void>;
}

/** The stack's JWT secret: a bench may sign access tokens for users it writes straight into accounts' tables. */
export const BENCH_JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts NATS, a database, the named services and a gateway. `env` goes to
 * every process, after defaults that lift the per-address and per-user
 * limits (every bench client comes from one address, far above a person's pace).
 */
export async function startStack(opts: {
  name: string;
  services: string[];
  env?: Record<string, string>;
  /** Copies per app (gateway included), each its own process; 1 by default. */
  copies?: Record<string, number>;
  /** Extra Node options per app (its first copy), e.g. { gateway: ['--inspect=127.0.0.1:9300'] }. */
  nodeArgs?: Record<string, string[]>;
}): Promise<BenchStack> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${opts.name}-`));
  const natsPort = await freePort();
  const nats = track(
    spawn('nats-server', ['-js', '-sd', path.join(dataDir, 'nats'), '-a', '127.0.0.1', '-p', String(natsPort)], { stdio: 'ignore' }),
    'nats-server',
  );
  await waitFor(() => portOpen(natsPort), 'nats-server', nats);

  const db = await createDatabase(opts.name);
  const port = await freePort();
  const gatewayUrl = `http://127.0.0.1:${port}`;
  const childEnv = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    DATABASE_URL: db.url,
    NATS_URL: `nats://127.0.0.1:${natsPort}`,
    PORT: String(port),
    PUBLIC_URL: gatewayUrl,
    SMS_OUTBOX: path.join(dataDir, 'sms-outbox.jsonl'),
    JWT_SECRET: BENCH_JWT_SECRET,
    LOGIN_CODES_PER_ADDRESS_PER_HOUR: '1000000',
    RATE_LIMIT_ADDRESS_PER_SECOND: '1000000',
    RATE_LIMIT_ADDRESS_BURST: '1000000',
    RATE_LIMIT_USER_PER_SECOND: '1000000',
    RATE_LIMIT_USER_BURST: '1000000',
    // The lifted limits need no shared counting; bench/limits measures what sharing them costs.
    RATE_LIMIT_STORE: 'memory',
    WS_MAX_CONNECTIONS_PER_USER: '1000',
    ...opts.env,
  };
  const pids: Record<string, number> = { nats: nats.pid! };
  const gatewayUrls = [gatewayUrl];
  // One at a time: migrations take an advisory lock anyway, and boot is quicker uncontended.
  for (const svc of [...opts.services, 'gateway']) {
    for (let copy = 1; copy <= (opts.copies?.[svc] ?? 1); copy++) {
      const name = copy === 1 ? svc : `${svc}#${copy}`;
      const copyPort = copy === 1 ? port : await freePort();
      if (svc === 'gateway' && copy > 1) gatewayUrls.push(`http://127.0.0.1:${copyPort}`);
      const args = copy === 1 ? (opts.nodeArgs?.[svc] ?? []) : [];
      const child = await startApp(opts.name, svc, name, { ...childEnv, PORT: String(copyPort) }, copyPort, args);
      pids[name] = child.pid!;
    }
  }
  return {
    databaseUrl: db.url,
    natsUrl: childEnv.NATS_URL,
    gatewayUrl,
    gatewayUrls,
    dataDir,
    pids,
    stop: async () => {
      stopping = true;
      await Promise.all([...children].map((c) => stopChild(c)));
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts one app process and waits until it answers (the gateway on its port, a service on its health subject). */
async function startApp(
  bench: string,
  svc: string,
  name: string,
  env: NodeJS.ProcessEnv,
  port: number,
  nodeArgs: string[] = [],
): Promise<ChildProcess> {
  const profiled = (process.env.BENCH_PROFILE ?? '').split(',');
  const profileDir = process.env.BENCH_PROFILE_DIR ?? path.join(os.tmpdir(), `bench-${bench}-profiles`);
  const profile = profiled.includes(name) ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = track(
    spawn(process.execPath, [...profile, ...nodeArgs, path.join(root, 'dist/apps', svc, 'src/main.js')], {
      cwd: root,
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    }),
    name,
  );
  if (svc === 'gateway') await waitFor(() => portOpen(port), name, child);
  else await waitFor(() => healthy(env.NATS_URL!, svc), name, child);
  return child;
}

/** SIGTERM, then SIGKILL after 10 s; resolves once the child is gone. */
function stopChild(c: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    const force = setTimeout(() => c.kill('SIGKILL'), 10_000);
    c.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    c.kill('SIGTERM');
  });
}

/** A fresh database for one bench run on DATABASE_URL's server (the machine's PostgreSQL by default). */
export async function createDatabase(name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = `bench_${name}_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${database}`;
  return {
    url: url.toString(),
    drop: async () => {
      const drop = new Client({ connectionString: base });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
      await drop.end();
    },
  };
}

function track(child: ChildProcess, name: string): ChildProcess {
  children.add(child);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (!stopping) console.error(`${name} exited (${signal ?? code})`);
  });
  return child;
}

async function waitFor(check: () => Promise<boolean>, what: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited while starting`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not come up`);
}

export const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net
      .connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      })
      .on('error', () => resolve(false));
  });

/** Whether `<svc>.health.check.v1` answers ok (the service is up and its database migrated). */
export async function healthy(natsUrl: string, svc: string): Promise<boolean> {
  const { connect } = await import('nats');
  const nc = await connect({ servers: natsUrl.split(',') });
  try {
    const reply = await nc.request(
      `${svc}.health.check.v1`,
      new TextEncoder().encode(JSON.stringify({ pattern: `${svc}.health.check.v1`, data: {}, id: '1' })),
      { timeout: 1000 },
    );
    return JSON.parse(new TextDecoder().decode(reply.data)).response?.ok === true;
  } finally {
    await nc.close();
  }
}

/** Signs a user up through the gateway, reading the code from the SMS outbox as a developer would. */
/** A signed-in user of a bench run. */
export interface Party {
  token: string;
  userId: string;
}

export async function signUp(stack: BenchStack, n: number): Promise<Party> {
  const phone = `0912${String(1_000_000 + n).slice(-7)}`;
  const e164 = `+98${phone.slice(1)}`;
  await gql(stack.gatewayUrl, `mutation($p:String!){ requestLoginCode(phone:$p){ phone } }`, { p: phone });
  const lines = fs.readFileSync(path.join(stack.dataDir, 'sms-outbox.jsonl'), 'utf8').trim().split('\n').reverse();
  const code = lines.map((l) => JSON.parse(l) as { to: string; code: string }).find((s) => s.to === e164)!.code;
  const data = await gql<{ signIn: { accessToken: string; user: { id: string } } }>(
    stack.gatewayUrl,
    `mutation($i:SignInInput!){ signIn(input:$i){ accessToken user { id } } }`,
    {
      i: { phone, code, displayName: `کاربر ${n}` },
    },
  );
  return { token: data.signIn.accessToken, userId: data.signIn.user.id };
}

/** One GraphQL request; the caller names the shape of `data` it asked for. */
export async function gql<T>(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'bench', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: T; errors?: unknown[] };
  if (body.errors) throw new Error(`${query.slice(0, 40)}…: ${JSON.stringify(body.errors)}`);
  return body.data;
}
