import http from 'node:http';
import { AddressInfo } from 'node:net';
import { NatsConnection } from 'nats';
import { Logger } from 'pino';
import { Registry } from 'prom-client';

export interface OpsChecks {
  /** The service's NATS connection; ready only while it answers a round trip. */
  nc: NatsConnection;
  /** The service's database, when it has one: ready only while `SELECT 1` answers. */
  database?: () => Promise<unknown>;
}

const within = <T>(p: Promise<T>, ms: number): Promise<boolean> => {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ]).finally(() => clearTimeout(timer));
};

/**
 * A service's small HTTP side door for the platform around it (OPS_PORT):
 * `/healthz` liveness (the process runs), `/readyz` readiness (NATS and its
 * database answer, each named), `/metrics` for Prometheus. Probes of
 * Kubernetes and compose use it; nothing of the API is served here.
 */
export async function startOpsServer(options: {
  port: number;
  host: string;
  checks: OpsChecks;
  registry: Registry;
  logger: Logger;
}): Promise<{ port: number; close: () => Promise<void> }> {
  const { checks, registry } = options;
  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') return send(405, { error: 'GET only' });
    if (path === '/healthz') return send(200, { status: 'ok' });
    if (path === '/readyz') {
      void (async () => {
        const nats = !checks.nc.isClosed() && (await within(checks.nc.rtt(), 1000));
        const database = checks.database ? await within(checks.database(), 2000) : undefined;
        const ok = nats && database !== false;
        const parts = { nats: nats ? 'up' : 'down', ...(database === undefined ? {} : { database: database ? 'up' : 'down' }) };
        send(ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable', checks: parts });
      })();
      return;
    }
    if (path === '/metrics') {
      void registry.metrics().then(
        (text) => send(200, text, registry.contentType),
        () => send(500, { error: 'metrics failed' }),
      );
      return;
    }
    send(404, { error: 'not found' });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(options.port, options.host, resolve));
  const port = (server.address() as AddressInfo).port;
  options.logger.info({ port }, 'ops endpoints: /healthz /readyz /metrics');
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
