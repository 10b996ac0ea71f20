import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'nats';

/** One nats-server of a cluster: kill -9 it and start it again on the same ports and store. */
export interface ClusterNode {
  readonly name: string;
  readonly url: string;
  kill(): Promise<void>;
  start(): Promise<void>;
}

export interface NatsCluster {
  /** Every node's URL, comma-separated (what NATS_URL takes). */
  readonly url: string;
  readonly nodes: ClusterNode[];
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer().once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

/**
 * A JetStream cluster of `size` nats-servers on loopback, each with its own
 * store under `dir` (the tests' and `npm run chaos`'s stand-in for deploy/'s
 * three NATS nodes). `extraConfig` is appended to every node's config file
 * (accounts and permissions). Resolves once JetStream has a meta leader.
 */
export async function startNatsCluster(options: {
  dir: string;
  size?: number;
  extraConfig?: string;
  /** A user of `extraConfig` allowed to use JetStream, for the readiness check. */
  auth?: { user: string; pass: string };
}): Promise<NatsCluster> {
  const size = options.size ?? 3;
  const ports = await Promise.all(Array.from({ length: size * 2 }, freePort));
  const clientPorts = ports.slice(0, size);
  const routePorts = ports.slice(size);
  const nodes = clientPorts.map((port, i) => {
    const name = `n${i + 1}`;
    const conf = path.join(options.dir, `${name}.conf`);
    fs.mkdirSync(path.join(options.dir, name), { recursive: true });
    const routes = routePorts.map((p) => `nats-route://127.0.0.1:${p}`).join(', ');
    fs.writeFileSync(
      conf,
      [
        `server_name: ${name}`,
        `listen: 127.0.0.1:${port}`,
        `jetstream { store_dir: ${JSON.stringify(path.join(options.dir, name))} }`,
        `cluster { name: test, listen: 127.0.0.1:${routePorts[i]}, routes: [${routes}] }`,
        options.extraConfig ?? '',
      ].join('\n'),
    );
    return new Node(name, `nats://127.0.0.1:${port}`, conf);
  });
  await Promise.all(nodes.map((n) => n.spawn()));
  const url = nodes.map((n) => n.url).join(',');
  await untilJetStream(url, size, options.auth);
  return {
    url,
    nodes,
    stop: async () => void (await Promise.all(nodes.map((n) => n.kill('SIGTERM')))),
  };
}

class Node implements ClusterNode {
  private child?: ChildProcess;
  constructor(
    readonly name: string,
    readonly url: string,
    private readonly conf: string,
  ) {}

  async spawn(): Promise<void> {
    const child = spawn('nats-server', ['-c', this.conf], { stdio: 'ignore' });
    this.child = child;
    const port = Number(new URL(this.url).port);
    for (let i = 0; i < 200; i++) {
      if (child.exitCode !== null) throw new Error(`nats-server ${this.name} exited with ${child.exitCode}`);
      const up = await new Promise<boolean>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => resolve(!!s.end())).once('error', () => resolve(false));
      });
      if (up) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`nats-server ${this.name} did not listen on ${this.url}`);
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;
  }

  start(): Promise<void> {
    return this.spawn();
  }
}

/**
 * Waits until the cluster can place a stream on every node: a meta leader is
 * elected and every peer is current (account info alone answers before the
 * peers are, and a stream asked for then fails with "no suitable peers").
 */
async function untilJetStream(url: string, size: number, auth: { user: string; pass: string } | undefined, ms = 45_000): Promise<void> {
  const end = Date.now() + ms;
  const nc = await connect({ servers: url.split(','), ...auth });
  const probe = `CLUSTER_READY_${process.pid}`;
  try {
    for (;;) {
      try {
        const jsm = await nc.jetstreamManager({ timeout: 2000 });
        await jsm.streams.add({ name: probe, subjects: [`cluster-ready.${process.pid}`], num_replicas: size });
        await jsm.streams.delete(probe);
        return;
      } catch (err) {
        if (Date.now() > end) throw err;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  } finally {
    await nc.close();
  }
}
