import { connect, NatsConnection } from 'nats';
import pino from 'pino';
import { serviceMetrics, startOpsServer } from '@app/common';

/** A service's ops port: liveness, readiness per dependency, Prometheus figures. */
describe('startOpsServer', () => {
  let nc: NatsConnection;
  beforeAll(async () => {
    nc = await connect({ servers: process.env.NATS_URL!.split(',') });
  });
  afterAll(() => nc.close());

  async function serve(database?: () => Promise<unknown>) {
    const metrics = serviceMetrics('ops-test');
    metrics.handled.observe({ subject: 'ops.test.ping.v1', outcome: 'ok' }, 0.002);
    return startOpsServer({
      port: 0,
      host: '127.0.0.1',
      checks: { nc, database },
      registry: metrics.registry,
      logger: pino({ level: 'silent' }),
    });
  }

  it('answers /healthz, /readyz naming NATS and the database, and /metrics with the handlers', async () => {
    const ops = await serve(async () => 1);
    try {
      const base = `http://127.0.0.1:${ops.port}`;
      expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${base}/readyz`);
      expect([ready.status, await ready.json()]).toEqual([200, { status: 'ok', checks: { nats: 'up', database: 'up' } }]);
      const text = await (await fetch(`${base}/metrics`)).text();
      expect(text).toMatch(/nats_handler_duration_seconds_count\{service="ops-test",subject="ops.test.ping.v1",outcome="ok"\} 1/);
      expect(text).toMatch(/process_cpu_seconds_total/);
    } finally {
      await ops.close();
    }
  });

  it('is unready (503) while its database does not answer, and still alive', async () => {
    const ops = await serve(() => Promise.reject(new Error('connection refused')));
    try {
      const base = `http://127.0.0.1:${ops.port}`;
      const ready = await fetch(`${base}/readyz`);
      expect([ready.status, await ready.json()]).toEqual([503, { status: 'unavailable', checks: { nats: 'up', database: 'down' } }]);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    } finally {
      await ops.close();
    }
  });
});
