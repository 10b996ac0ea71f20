import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { connect, JetStreamManager, NatsConnection, nanos, RetentionPolicy, StorageType } from 'nats';
import pino from 'pino';
import { ensureStream, runConsumer } from '@app/common';
import { NatsCluster, startNatsCluster } from '../../../test/support/nats-cluster';

const DAY_MS = 24 * 3600 * 1000;

/** A logger that keeps what it is told, to see the warning. */
function recordingLogger() {
  const lines: Array<{ level: string; obj: Record<string, unknown>; msg: string }> = [];
  const at = (level: string) => (obj: Record<string, unknown>, msg: string) => void lines.push({ level, obj, msg });
  return { lines, logger: { warn: at('warn'), info: at('info') } as unknown as pino.Logger };
}

/** ensureStream never lowers what an operator set: on the tests' single server and on a 3-node cluster. */
describe('ensureStream on one server', () => {
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  beforeAll(async () => {
    nc = await connect({ servers: process.env.NATS_URL!.split(',') });
    jsm = await nc.jetstreamManager();
  });
  afterAll(() => nc.close());

  it('creates a missing stream with the replicas and age asked for', async () => {
    const name = `REPL_${randomUUID().slice(0, 8)}`;
    await ensureStream(nc, name, [`repl.${name}.a`], { replicas: 1, maxAgeMs: DAY_MS });
    const { config } = await jsm.streams.info(name);
    expect([config.num_replicas, config.max_age, config.subjects]).toEqual([1, nanos(DAY_MS), [`repl.${name}.a`]]);
  });

  it('keeps a pre-created stream as the operator made it, adding only the subjects it lacks', async () => {
    const name = `REPL_${randomUUID().slice(0, 8)}`;
    await jsm.streams.add({
      name,
      subjects: [`repl.${name}.a`, `repl.${name}.other`],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      max_age: nanos(90 * DAY_MS),
      max_bytes: 1024 * 1024 * 1024,
      duplicate_window: nanos(3600 * 1000),
    });
    await ensureStream(nc, name, [`repl.${name}.a`, `repl.${name}.b`], { replicas: 1, maxAgeMs: DAY_MS });
    const { config } = await jsm.streams.info(name);
    expect(config.subjects).toEqual([`repl.${name}.a`, `repl.${name}.other`, `repl.${name}.b`]);
    expect([config.max_age, config.max_bytes, config.duplicate_window]).toEqual([
      nanos(90 * DAY_MS),
      1024 * 1024 * 1024,
      nanos(3600 * 1000),
    ]);
  });
});

describe('ensureStream on a 3-node cluster', () => {
  let cluster: NatsCluster;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'superapp-cluster-'));
    cluster = await startNatsCluster({ dir });
    nc = await connect({ servers: cluster.url.split(',') });
    jsm = await nc.jetstreamManager();
  }, 60_000);
  afterAll(async () => {
    await nc?.close();
    await cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates a missing stream with 3 replicas, and its durable consumer is replicated with it', async () => {
    await ensureStream(nc, 'EVENTS', ['ev.>'], { replicas: 3 });
    const info = await jsm.streams.info('EVENTS');
    expect(info.config.num_replicas).toBe(3);
    expect(info.cluster?.replicas?.length).toBe(2);
    const consumer = await runConsumer(nc, {
      stream: 'EVENTS',
      durable: 'reader',
      events: {},
      replicas: 3,
      logger: pino({ level: 'silent' }),
      handle: async () => undefined,
    });
    await consumer.stop();
    const c = await jsm.consumers.info('EVENTS', 'reader');
    expect([c.config.durable_name, c.cluster?.replicas?.length]).toEqual(['reader', 2]);
    expect((await jsm.streams.info('DEAD_LETTERS')).config.num_replicas).toBe(3);
  });

  it('never lowers a 3-replica stream when a service starts with JETSTREAM_REPLICAS=1', async () => {
    await jsm.streams.add({ name: 'OPERATOR', subjects: ['op.a'], num_replicas: 3, max_age: nanos(30 * DAY_MS) });
    await ensureStream(nc, 'OPERATOR', ['op.a'], { replicas: 1 });
    const { config } = await jsm.streams.info('OPERATOR');
    expect([config.num_replicas, config.max_age]).toEqual([3, nanos(30 * DAY_MS)]);
  });

  it('raises a 1-replica stream to the replicas asked for', async () => {
    await jsm.streams.add({ name: 'SMALL', subjects: ['small.a'], num_replicas: 1 });
    const { lines, logger } = recordingLogger();
    await ensureStream(nc, 'SMALL', ['small.a'], { replicas: 3, logger });
    expect((await jsm.streams.info('SMALL')).config.num_replicas).toBe(3);
    expect(lines.map((l) => [l.level, l.obj.from, l.obj.to])).toEqual([['info', 1, 3]]);
  });

  it('warns and keeps the stream when more replicas are asked than the cluster has servers', async () => {
    await ensureStream(nc, 'FEW', ['few.a'], { replicas: 1 });
    const { lines, logger } = recordingLogger();
    await ensureStream(nc, 'FEW', ['few.a'], { replicas: 5, logger });
    expect((await jsm.streams.info('FEW')).config.num_replicas).toBe(1);
    expect(lines.map((l) => [l.level, l.obj.stream, l.obj.replicas, l.obj.wanted])).toEqual([['warn', 'FEW', 1, 5]]);
  });
});
