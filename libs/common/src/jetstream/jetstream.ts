import {
  AckPolicy,
  DeliverPolicy,
  JetStreamClient,
  JsMsg,
  NatsConnection,
  RetentionPolicy,
  StorageType,
  headers as natsHeaders,
  nanos,
} from 'nats';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Logger } from 'pino';
import { CORRELATION_HEADER } from '@app/contracts';
import { requestContext } from '../context/request-context';

/**
 * JetStream carries the events that must not be lost (a transfer that must
 * appear in a chat, a post that must reach the feed). Publishing is
 * deduplicated by message id within the stream's window; consumers are
 * durable, acknowledge explicitly after their effect is committed, and must
 * be idempotent (a unique key on their effect): delivery is at least once.
 */
export async function ensureStream(
  nc: NatsConnection,
  name: string,
  subjects: string[],
  options: { maxAgeMs?: number } = {},
): Promise<void> {
  const jsm = await nc.jetstreamManager();
  const config = {
    name,
    subjects,
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    max_age: nanos(options.maxAgeMs ?? 7 * 24 * 3600 * 1000),
    duplicate_window: nanos(24 * 3600 * 1000),
  };
  try {
    await jsm.streams.info(name);
    await jsm.streams.update(name, config);
  } catch (err) {
    if ((err as { code?: string }).code !== '404' && !/stream not found/i.test(String((err as Error).message))) throw err;
    try {
      await jsm.streams.add(config);
    } catch (e) {
      // Another copy created it between our check and our add.
      if (!/already in use|exists/i.test(String((e as Error).message))) throw e;
    }
  }
}

/** Publishes an event once: a retry with the same id within a day is dropped by the stream. */
export async function publishEvent(js: JetStreamClient, subject: string, payload: unknown, eventId: string): Promise<void> {
  const h = natsHeaders();
  const correlationId = requestContext.correlationId();
  if (correlationId) h.set(CORRELATION_HEADER, correlationId);
  await js.publish(subject, new TextEncoder().encode(JSON.stringify(payload)), { msgID: eventId, headers: h });
}

/** Where events go that can never be handled: one stream, a subject per consumer (`deadletter.<durable>`). */
export const DEAD_LETTERS = { Stream: 'DEAD_LETTERS', Subjects: 'deadletter.>', subject: (durable: string) => `deadletter.${durable}` };

/** Headers a dead letter carries beside the original payload, which is kept byte for byte. */
export const DeadLetterHeaders = {
  Reason: 'Dead-Letter-Reason',
  Subject: 'Dead-Letter-Subject',
  Stream: 'Dead-Letter-Stream',
  StreamSeq: 'Dead-Letter-Stream-Seq',
  Deliveries: 'Dead-Letter-Deliveries',
} as const;

/** Subjects a consumer handles, each with the class its payload is validated against. */
export type EventClasses = Record<string, new () => object>;

/** One delivery: the subject and its validated event, so a handler narrows the event by `subject`. */
export type EventDelivery<E extends EventClasses> = {
  [K in keyof E & string]: { subject: K; event: InstanceType<E[K]>; eventId: string; deliveryCount: number };
}[keyof E & string];

export interface ConsumerOptions<E extends EventClasses> {
  stream: string;
  durable: string;
  events: E;
  handle: (delivery: EventDelivery<E>) => Promise<void>;
  logger: Logger;
  /** Failed attempts before an event is dead-lettered (default 20: about 15 minutes of retries). */
  maxDeliveries?: number;
  /** Redelivery delay after the first failed attempt; it doubles with each failure, up to a minute. */
  retryDelayMs?: number;
}

const MAX_RETRY_DELAY_MS = 60_000;

/**
 * Runs a durable pull consumer until stop() is called. Copies of a service
 * share the durable consumer, so each event is handled by one of them.
 *
 * Every payload is validated against its subject's class, as requests are
 * where they enter a service; one that fails can never be handled and goes
 * to the dead-letter subject at once. A handler that throws gets the event
 * again after a growing delay; after `maxDeliveries` attempts it is
 * dead-lettered too, so one bad event cannot be redelivered forever. A dead
 * letter is published (with JetStream's acknowledgement) before the event is
 * terminated, and the limit is counted here rather than by the server's
 * max_deliver, so a crash between the two redelivers the event instead of
 * losing it. `npm run dead-letters` lists and replays them.
 */
export async function runConsumer<E extends EventClasses>(
  nc: NatsConnection,
  options: ConsumerOptions<E>,
): Promise<{ stop: () => Promise<void> }> {
  const subjects = Object.keys(options.events);
  const maxDeliveries = options.maxDeliveries ?? 20;
  const firstDelay = options.retryDelayMs ?? 1000;
  await ensureStream(nc, DEAD_LETTERS.Stream, [DEAD_LETTERS.Subjects], { maxAgeMs: 30 * 24 * 3600 * 1000 });
  const jsm = await nc.jetstreamManager();
  const config = {
    durable_name: options.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    // nats-server before 2.10 (this machine runs 2.9.10) knows only the single
    // filter_subject: filter when there is one subject; with several, take the
    // whole stream and acknowledge what is not ours unread.
    ...(subjects.length === 1 ? { filter_subject: subjects[0] } : {}),
    ack_wait: nanos(30_000),
    max_ack_pending: 1000,
  };
  // Copies of a service start together: whoever creates the durable consumer
  // first wins, the others update it to the same config.
  const exists = await jsm.consumers.info(options.stream, options.durable).then(
    () => true,
    () => false,
  );
  if (exists) {
    await jsm.consumers.update(options.stream, options.durable, config);
  } else {
    try {
      await jsm.consumers.add(options.stream, config);
    } catch (err) {
      if (!/already in use|exists/i.test(String((err as Error).message))) throw err;
      await jsm.consumers.update(options.stream, options.durable, config);
    }
  }
  const js = nc.jetstream();
  const consumer = await js.consumers.get(options.stream, options.durable);
  const messages = await consumer.consume({ max_messages: 200 });
  const done = (async () => {
    for await (const msg of messages) await handleOne(msg);
  })();

  async function deadLetter(msg: JsMsg, eventId: string, reason: string): Promise<void> {
    const h = natsHeaders();
    h.set(DeadLetterHeaders.Reason, reason);
    h.set(DeadLetterHeaders.Subject, msg.subject);
    h.set(DeadLetterHeaders.Stream, options.stream);
    h.set(DeadLetterHeaders.StreamSeq, String(msg.seq));
    h.set(DeadLetterHeaders.Deliveries, String(msg.info.redeliveryCount));
    const correlationId = msg.headers?.get(CORRELATION_HEADER);
    if (correlationId) h.set(CORRELATION_HEADER, correlationId);
    // The stream's duplicate window makes a second dead letter of the same event (after a crash) a no-op.
    await js.publish(DEAD_LETTERS.subject(options.durable), msg.data, {
      msgID: `${options.durable}:${options.stream}:${msg.seq}`,
      headers: h,
    });
    msg.term();
    options.logger.error(
      { eventId, subject: msg.subject, streamSeq: msg.seq, deliveries: msg.info.redeliveryCount, reason },
      'event dead-lettered',
    );
  }

  async function handleOne(msg: JsMsg): Promise<void> {
    const eventId = msg.headers?.get('Nats-Msg-Id') || `${options.stream}:${msg.seq}`;
    const correlationId = msg.headers?.get(CORRELATION_HEADER) || requestContext.newId();
    const deliveryCount = msg.info.redeliveryCount;
    await requestContext.run({ correlationId }, async () => {
      try {
        const eventClass = options.events[msg.subject];
        if (!eventClass) return msg.ack();
        const parsed = await parseEvent(eventClass, msg.data);
        if ('invalid' in parsed) return await deadLetter(msg, eventId, `INVALID_EVENT: ${parsed.invalid}`);
        await options.handle({ subject: msg.subject, event: parsed.event, eventId, deliveryCount } as EventDelivery<E>);
        msg.ack();
      } catch (err) {
        if (deliveryCount >= maxDeliveries) {
          await deadLetter(msg, eventId, `FAILED: ${(err as Error)?.name ?? 'Error'}`).catch((e) =>
            options.logger.error({ err: e, eventId }, 'dead letter not published; the event will be redelivered'),
          );
          return;
        }
        const delay = Math.min(MAX_RETRY_DELAY_MS, firstDelay * 2 ** (deliveryCount - 1));
        options.logger.warn(
          { err, eventId, subject: msg.subject, delivery: deliveryCount, retryInMs: delay },
          'event handling failed; will retry',
        );
        msg.nak(delay);
      }
    });
  }

  return {
    stop: async () => {
      await messages.close();
      await done.catch(() => undefined);
    },
  };
}

const decoder = new TextDecoder();

/** The payload as its class, or the first field that breaks its rules (`payload` when it is not a JSON object). */
async function parseEvent(eventClass: new () => object, data: Uint8Array): Promise<{ event: object } | { invalid: string }> {
  let plain: unknown;
  try {
    plain = JSON.parse(decoder.decode(data));
  } catch {
    return { invalid: 'payload' };
  }
  if (!plain || typeof plain !== 'object' || Array.isArray(plain)) return { invalid: 'payload' };
  const event = plainToInstance(eventClass, plain);
  const errors = await validate(event, { forbidUnknownValues: false });
  return errors.length ? { invalid: errors[0].property } : { event };
}
