import { randomUUID } from 'node:crypto';
import { connect, NatsConnection } from 'nats';
import pino from 'pino';
import { SharedRateLimiter } from '../src/pipeline/shared-rate-limiter';

const logger = pino({ level: 'silent' });

/** The shared token buckets against a real JetStream: leases save writes and never spend a token twice. */
describe('SharedRateLimiter', () => {
  let connections: NatsConnection[];
  let bucketName: string;

  beforeAll(async () => {
    connections = await Promise.all([1, 2].map(() => connect({ servers: process.env.NATS_URL!.split(',') })));
  });
  afterAll(async () => {
    await Promise.all(connections.map((nc) => nc.close()));
  });
  beforeEach(() => {
    bucketName = `test_limits_${randomUUID().slice(0, 8)}`;
  });
  afterEach(async () => {
    const jsm = await connections[0].jetstreamManager();
    await jsm.streams.delete(`KV_${bucketName}`).catch(() => undefined);
  });

  /** A gateway copy's limiter on its own connection. */
  const copy = (nc: NatsConnection, perSecond: number, burst: number) => new SharedRateLimiter(nc, bucketName, perSecond, burst, 1, logger);

  /** How many values were written to the bucket so far (the key's revision, its stream's sequence): one key per test. */
  const writes = async (key: string) => (await (await connections[0].jetstream().views.kv(bucketName)).get(key))?.revision ?? 0;

  it('spends a busy key from its lease: one write per lease, not per request', async () => {
    // A tenth of a second's refill: 10 tokens per lease, the bucket far above half.
    const limiter = copy(connections[0], 100, 1000);
    const results: number[] = [];
    for (let i = 0; i < 55; i++) results.push(await limiter.take('busy'));
    expect(results.every((r) => r === 0)).toBe(true);
    // Each write takes the request's token and 10 ahead: 55 requests, 5 writes.
    expect(await writes('busy')).toBe(5);
    limiter.close();
  });

  it('never lets two copies together pass more than the bucket holds', async () => {
    const [a, b] = [copy(connections[0], 100, 200), copy(connections[1], 100, 200)];
    const started = performance.now();
    let passed = 0;
    for (let i = 0; i < 600; i++) if ((await (i % 2 ? b : a).take('shared')) === 0) passed++;
    const seconds = (performance.now() - started) / 1000;
    // At most the burst and what refilled meanwhile; at least that less one unused lease (10) per copy.
    expect(passed).toBeLessThanOrEqual(200 + Math.ceil(seconds * 100));
    expect(passed).toBeGreaterThanOrEqual(200 - 2 * 10);
    expect(passed).toBeLessThan(600);
    a.close();
    b.close();
  });

  it('below half a bucket, writes every take: the last tokens are counted exactly', async () => {
    const limiter = copy(connections[0], 100, 200);
    expect(await limiter.take('low', 150)).toBe(0);
    const before = await writes('low');
    for (let i = 0; i < 5; i++) expect(await limiter.take('low')).toBe(0);
    expect((await writes('low')) - before).toBe(5);
    limiter.close();
  });
});
