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
import { Logger } from 'pino';
import { CORRELATION_HEADER } from '@app/contracts';
import { requestContext } from '../context/request-context';

/**
 * JetStream carries the events that must not be lost (a transfer that must
 * appear in a chat, a post that must reach the feed). Publishing is
 * deduplicated by message id within the stream's window; consumers are
 * durable, acknowledge explicitly after their effect is committed, and must
 * be idempotent (see processed_events): delivery is at least once.
 */
export async function ensureStream(nc: NatsConnection, name: string, subjects: string[]): Promise<void> {
  const jsm = await nc.jetstreamManager();
  const config = {
    name,
    subjects,
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    max_age: nanos(7 * 24 * 3600 * 1000),
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

export interface EventContext {
  eventId: string;
  subject: string;
  deliveryCount: number;
}

export interface ConsumerOptions<T> {
  stream: string;
  durable: string;
  /** Subjects of the stream to receive; [] for all of them. More than one needs nats-server 2.10. */
  filterSubjects: string[];
  handle: (event: T, ctx: EventContext) => Promise<void>;
  logger: Logger;
  /** Redelivery delay after a failed attempt. */
  retryDelayMs?: number;
}

/**
 * Runs a durable pull consumer until stop() is called. Copies of a service
 * share the durable consumer, so each event is handled by one of them; an
 * event whose handler throws is redelivered after a delay, forever (the
 * handler's effect is what must happen, e.g. a message in a chat).
 */
export async function runConsumer<T>(nc: NatsConnection, options: ConsumerOptions<T>): Promise<{ stop: () => Promise<void> }> {
  const jsm = await nc.jetstreamManager();
  const config = {
    durable_name: options.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    // nats-server before 2.10 (this machine runs 2.9.10) knows only the single
    // filter_subject, and nats.js refuses filter_subjects there: use the plural
    // field only when it is needed; an empty list takes the whole stream.
    ...(options.filterSubjects.length > 1
      ? { filter_subjects: options.filterSubjects }
      : options.filterSubjects.length === 1
        ? { filter_subject: options.filterSubjects[0] }
        : {}),
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
  const consumer = await nc.jetstream().consumers.get(options.stream, options.durable);
  const messages = await consumer.consume({ max_messages: 200 });
  const decoder = new TextDecoder();
  const done = (async () => {
    for await (const msg of messages) await handleOne(msg);
  })();

  async function handleOne(msg: JsMsg): Promise<void> {
    const eventId = msg.headers?.get('Nats-Msg-Id') || `${options.stream}:${msg.seq}`;
    const correlationId = msg.headers?.get(CORRELATION_HEADER) || requestContext.newId();
    await requestContext.run({ correlationId }, async () => {
      try {
        const event = JSON.parse(decoder.decode(msg.data)) as T;
        await options.handle(event, { eventId, subject: msg.subject, deliveryCount: msg.info.redeliveryCount });
        msg.ack();
      } catch (err) {
        options.logger.warn(
          { err, eventId, subject: msg.subject, delivery: msg.info.redeliveryCount },
          'event handling failed; will retry',
        );
        msg.nak(options.retryDelayMs ?? 2000);
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
