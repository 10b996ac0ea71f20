import { randomUUID } from 'node:crypto';
import { IsInt, IsString, Min } from 'class-validator';
import { connect, JetStreamClient, NatsConnection, StringCodec } from 'nats';
import pino from 'pino';
import { DEAD_LETTERS, DeadLetterHeaders, ensureStream, EventDelivery, publishEvent, runConsumer } from '@app/common';

class Ping {
  @IsString() id: string;
  @IsInt() @Min(0) n: number;
}
class Pong {
  @IsString() id: string;
}

const logger = pino({ level: 'silent' });
const sc = StringCodec();

/** runConsumer against a real JetStream: validation, retries with a delivery limit, dead letters. */
describe('runConsumer', () => {
  let nc: NatsConnection;
  let js: JetStreamClient;
  let stream: string;
  let subjects: { ping: string; pong: string; other: string };
  const events = () => ({ [subjects.ping]: Ping, [subjects.pong]: Pong });

  beforeAll(async () => {
    nc = await connect({ servers: process.env.NATS_URL!.split(',') });
    js = nc.jetstream();
  });
  afterAll(() => nc.close());
  beforeEach(async () => {
    const tag = randomUUID().slice(0, 8);
    stream = `TEST_${tag}`;
    subjects = { ping: `test.${tag}.ping.v1`, pong: `test.${tag}.pong.v1`, other: `test.${tag}.other.v1` };
    await ensureStream(nc, stream, [`test.${tag}.>`]);
  });

  /** The dead letters of one consumer, with their headers. */
  async function deadLetters(durable: string) {
    const jsm = await nc.jetstreamManager();
    const found: Array<{ data: string; reason: string; subject: string; seq: string }> = [];
    const info = await jsm.streams.info(DEAD_LETTERS.Stream);
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
      const m = await jsm.streams.getMessage(DEAD_LETTERS.Stream, { seq }).catch(() => null);
      if (!m || m.subject !== DEAD_LETTERS.subject(durable)) continue;
      found.push({
        data: sc.decode(m.data),
        reason: m.header.get(DeadLetterHeaders.Reason),
        subject: m.header.get(DeadLetterHeaders.Subject),
        seq: m.header.get(DeadLetterHeaders.StreamSeq),
      });
    }
    return found;
  }

  async function until(check: () => boolean | Promise<boolean>, ms = 10_000) {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('hands each subject its validated class, narrowed by subject, and acknowledges subjects it does not handle', async () => {
    const seen: Array<EventDelivery<ReturnType<typeof events>>> = [];
    const durable = `d-${randomUUID().slice(0, 8)}`;
    const consumer = await runConsumer(nc, { stream, durable, events: events(), logger, handle: async (d) => void seen.push(d) });
    await publishEvent(js, subjects.other, { x: 1 }, randomUUID());
    await publishEvent(js, subjects.ping, { id: 'a', n: 1 }, 'ping-a');
    await publishEvent(js, subjects.pong, { id: 'b' }, 'pong-b');
    await until(() => seen.length === 2);
    await consumer.stop();
    expect(seen.map((d) => [d.subject, d.eventId, d.event.constructor.name, d.event])).toEqual([
      [subjects.ping, 'ping-a', 'Ping', { id: 'a', n: 1 }],
      [subjects.pong, 'pong-b', 'Pong', { id: 'b' }],
    ]);
    const info = await (await nc.jetstreamManager()).consumers.info(stream, durable);
    expect(info.num_pending + info.num_ack_pending).toBe(0);
  });

  it('dead-letters an event that breaks its class at once, never handing it over, and goes on with the next', async () => {
    const handled: unknown[] = [];
    const durable = `d-${randomUUID().slice(0, 8)}`;
    const consumer = await runConsumer(nc, { stream, durable, events: events(), logger, handle: async (d) => void handled.push(d.event) });
    await publishEvent(js, subjects.ping, { id: 'bad', n: -1 }, 'bad');
    await js.publish(subjects.ping, sc.encode('not json'), { msgID: 'garbage' });
    await publishEvent(js, subjects.ping, { id: 'good', n: 2 }, 'good');
    await until(() => handled.length === 1);
    await until(async () => (await deadLetters(durable)).length === 2);
    await consumer.stop();
    expect(handled).toEqual([{ id: 'good', n: 2 }]);
    const letters = await deadLetters(durable);
    expect(letters.map((l) => [l.reason, l.subject, l.data])).toEqual([
      ['INVALID_EVENT: n', subjects.ping, JSON.stringify({ id: 'bad', n: -1 })],
      ['INVALID_EVENT: payload', subjects.ping, 'not json'],
    ]);
  });

  it('retries a failing handler and dead-letters the event after the delivery limit, with its payload kept', async () => {
    let attempts = 0;
    const durable = `d-${randomUUID().slice(0, 8)}`;
    const consumer = await runConsumer(nc, {
      stream,
      durable,
      events: events(),
      logger,
      maxDeliveries: 3,
      retryDelayMs: 20,
      handle: async () => {
        attempts++;
        throw new Error('database down');
      },
    });
    await publishEvent(js, subjects.pong, { id: 'p' }, 'p');
    await until(async () => (await deadLetters(durable)).length === 1);
    await new Promise((r) => setTimeout(r, 300));
    await consumer.stop();
    expect(attempts).toBe(3);
    expect(await deadLetters(durable)).toEqual([
      { data: JSON.stringify({ id: 'p' }), reason: 'FAILED: Error', subject: subjects.pong, seq: '1' },
    ]);
  });

  it('handles an event that failed before once the handler recovers, without dead-lettering it', async () => {
    let attempts = 0;
    const handled: string[] = [];
    const durable = `d-${randomUUID().slice(0, 8)}`;
    const consumer = await runConsumer(nc, {
      stream,
      durable,
      events: events(),
      logger,
      maxDeliveries: 5,
      retryDelayMs: 20,
      handle: async (d) => {
        if (++attempts < 3) throw new Error('not yet');
        handled.push(d.event.id);
      },
    });
    await publishEvent(js, subjects.pong, { id: 'q' }, 'q');
    await until(() => handled.length === 1);
    await consumer.stop();
    expect(attempts).toBe(3);
    expect(await deadLetters(durable)).toEqual([]);
  });
});
