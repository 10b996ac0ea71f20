// The platform as a cluster on loopback, for `npm run chaos`: a 3-node NATS
// cluster with JetStream (streams with 3 replicas), N copies of every service
// and N gateways, each its own Node process (dist/apps/<svc>/src/main.js) that
// can be killed with SIGKILL and started again.
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NatsCluster, startNatsCluster } from '../../test/support/nats-cluster';
import { createDatabase, freePort, healthy, portOpen } from '../support/stack';

// Compiled (dist/bench/chaos) for npm run chaos, or from source under Jest (bench/chaos).
const root = path.resolve(__dirname, __dirname.split(path.sep).includes('dist') ? '../../..' : '../..');
export const SERVICES = ['accounts', 'messaging', 'payments', 'news'] as const;

/** One process of the platform: a service copy or a gateway. */
export class Proc {
  private child?: ChildProcess;
  constructor(
    readonly name: string,
    readonly app: string,
    private readonly env: NodeJS.ProcessEnv,
    readonly port?: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, [path.join(root, 'dist/apps', this.app, 'src/main.js')], {
      cwd: root,
      env: this.env,
      stdio: ['ignore', 'ignore', process.env.CHAOS_VERBOSE ? 'inherit' : 'ignore'],
    });
    this.child = child;
    for (let i = 0; i < 600; i++) {
      if (child.exitCode !== null) throw new Error(`${this.name} exited while starting`);
      const up = this.port ? await portOpen(this.port) : await healthy(this.env.NATS_URL!, this.app).catch(() => false);
      if (up) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${this.name} did not come up`);
  }

  /** kill -9: no shutdown hook runs, in-flight requests are lost mid-way. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  }
}

export interface ChaosPlatform {
  nats: NatsCluster;
  databaseUrl: string;
  dataDir: string;
  gateways: Proc[];
  copies: Record<string, Proc[]>;
  /** Starts the second (third…) copy of every service and gateway. */
  scaleTo(copies: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startChaosPlatform(copies: number): Promise<ChaosPlatform> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-'));
  const nats = await startNatsCluster({ dir: path.join(dataDir, 'nats') });
  const db = await createDatabase('chaos');
  const ports = [await freePort(), await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'error',
    DATA_DIR: dataDir,
    DATABASE_URL: db.url,
    NATS_URL: nats.url,
    JETSTREAM_REPLICAS: '3',
    RPC_TIMEOUT_MS: '3000',
    DB_POOL_SIZE: '4',
    PUBLIC_URL: `http://127.0.0.1:${ports[0]}`,
    SMS_OUTBOX: path.join(dataDir, 'sms-outbox.jsonl'),
    JWT_SECRET: 'chaos-secret-chaos-secret-chaos-secret-0123456789',
    LOGIN_CODES_PER_ADDRESS_PER_HOUR: '1000000',
    RATE_LIMIT_ADDRESS_PER_SECOND: '1000000',
    RATE_LIMIT_ADDRESS_BURST: '1000000',
    RATE_LIMIT_USER_PER_SECOND: '1000000',
    RATE_LIMIT_USER_BURST: '1000000',
  };
  const copiesOf: Record<string, Proc[]> = Object.fromEntries(SERVICES.map((s) => [s, []]));
  const gateways: Proc[] = [];
  const scaleTo = async (n: number) => {
    for (const svc of SERVICES) {
      while (copiesOf[svc].length < n) {
        const p = new Proc(`${svc}#${copiesOf[svc].length + 1}`, svc, env);
        await p.start();
        copiesOf[svc].push(p);
      }
    }
    while (gateways.length < n) {
      const port = ports[gateways.length] ?? (await freePort());
      const p = new Proc(`gateway#${gateways.length + 1}`, 'gateway', { ...env, PORT: String(port) }, port);
      await p.start();
      gateways.push(p);
    }
  };
  await scaleTo(copies);
  return {
    nats,
    databaseUrl: db.url,
    dataDir,
    gateways,
    copies: copiesOf,
    scaleTo,
    stop: async () => {
      await Promise.all([...gateways, ...Object.values(copiesOf).flat()].map((p) => p.kill('SIGTERM')));
      await nats.stop();
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
