// The platform for the payments benchmark, as production runs it: each
// service its own Node process (dist/apps/<svc>/src/main.js), a private
// nats-server (so no other copy on the machine joins our queue groups) and a
// fresh PostgreSQL database, all removed at the end.
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

const root = path.resolve(__dirname, '../../..');
const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); }).on('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not listen on ${port}`);
}

function track(child: ChildProcess, name: string): ChildProcess {
  children.add(child);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (!stopping) console.error(`${name} exited (${signal ?? code})`);
  });
  return child;
}
let stopping = false;

export interface BenchStack {
  databaseUrl: string;
  natsUrl: string;
  gatewayUrl: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** Starts NATS, a database, the named services and a gateway; env goes to every service. */
export async function startStack(services: string[], env: Record<string, string>): Promise<BenchStack> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-payments-'));
  const natsPort = await freePort();
  track(spawn('nats-server', ['-js', '-sd', path.join(dataDir, 'nats'), '-a', '127.0.0.1', '-p', String(natsPort)], { stdio: 'ignore' }), 'nats-server');
  await waitForPort(natsPort, 'nats-server');

  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `bench_payments_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`);
  await admin.end();
  const dbUrl = new URL(base);
  dbUrl.pathname = `/${name}`;

  const port = await freePort();
  const gatewayUrl = `http://127.0.0.1:${port}`;
  const childEnv = {
    ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', DATA_DIR: dataDir, DATABASE_URL: dbUrl.toString(),
    NATS_URL: `nats://127.0.0.1:${natsPort}`, PORT: String(port), PUBLIC_URL: gatewayUrl,
    SMS_OUTBOX: path.join(dataDir, 'sms-outbox.jsonl'), JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
    ...env,
  };
  // One at a time: migrations take an advisory lock anyway, and boot is quicker uncontended.
  for (const svc of [...services, 'gateway']) {
    const child = track(spawn(process.execPath, [path.join(root, 'dist/apps', svc, 'src/main.js')], { env: childEnv, stdio: ['ignore', 'inherit', 'inherit'] }), svc);
    if (svc === 'gateway') await waitForPort(port, 'gateway');
    else await waitForHealth(childEnv.NATS_URL, svc, child);
  }
  return {
    databaseUrl: dbUrl.toString(),
    natsUrl: childEnv.NATS_URL,
    gatewayUrl,
    dataDir,
    stop: async () => {
      stopping = true;
      await Promise.all([...children].map((c) => new Promise<void>((resolve) => {
        const force = setTimeout(() => c.kill('SIGKILL'), 10_000);
        c.once('exit', () => { clearTimeout(force); resolve(); });
        c.kill('SIGTERM');
      })));
      const drop = new Client({ connectionString: base });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await drop.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A service is up once it answers its health subject. */
async function waitForHealth(natsUrl: string, svc: string, child: ChildProcess): Promise<void> {
  const { connect } = await import('nats');
  const nc = await connect({ servers: natsUrl });
  try {
    for (let i = 0; i < 600; i++) {
      if (child.exitCode !== null) throw new Error(`${svc} exited during boot`);
      const ok = await nc.request(`${svc}.health.check.v1`, new TextEncoder().encode(JSON.stringify({ pattern: `${svc}.health.check.v1`, data: {}, id: '1' })), { timeout: 500 })
        .then(() => true, () => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${svc} did not become healthy`);
  } finally {
    await nc.close();
  }
}

/** Signs a user up through the gateway, reading the code from the SMS outbox as a developer would. */
export async function signUp(stack: BenchStack, n: number): Promise<{ token: string; userId: string }> {
  const phone = `0912${String(1_000_000 + n).padStart(7, '0')}`;
  const gql = async (query: string, variables: object) => {
    const res = await fetch(`${stack.gatewayUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: any; errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  await gql(`mutation($p:String!){ requestLoginCode(phone:$p){ phone } }`, { p: phone });
  const e164 = `+98${phone.slice(1)}`;
  const lines = fs.readFileSync(path.join(stack.dataDir, 'sms-outbox.jsonl'), 'utf8').trim().split('\n').reverse();
  const code = lines.map((l) => JSON.parse(l)).find((s) => s.to === e164)?.code;
  const data = await gql(`mutation($i:SignInInput!){ signIn(input:$i){ accessToken user { id } } }`, { i: { phone, code, displayName: `bench ${n}` } });
  return { token: data.signIn.accessToken, userId: data.signIn.user.id };
}
