import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AckPolicy, DeliverPolicy, JetStreamClient, JsMsg, NatsConnection, headers as natsHeaders, nanos } from 'nats';
import { Logger } from 'pino';
import { CORRELATION_HEADER } from '@app/contracts';
import { requestContext } from '../context/request-context';
import { SpanKind, tracedReceive } from '../tracing/tracing';
import { DEAD_LETTERS, DeadLetterHeaders, ensureStream } from './jetstream';

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
  /** JETSTREAM_REPLICAS: copies of the dead-letter stream when this creates it (see ensureStream). */
  replicas?: number;
}

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
  await ensureStream(nc, DEAD_LETTERS.Stream, [DEAD_LETTERS.Subjects], {
    maxAgeMs: 30 * 24 * 3600 * 1000,
    replicas: options.replicas,
    logger: options.logger,
  });
  await ensureDurable(nc, options.stream, options.durable, Object.keys(options.events));
  const js = nc.jetstream();
  const consumer = await js.consumers.get(options.stream, options.durable);
  const messages = await consumer.consume({ max_messages: 200 });
  const deliveries = new Deliveries(js, options);
  const done = (async () => {
    for await (const msg of messages) await deliveries.handle(msg);
  })();
  return {
    stop: async () => {
      await messages.close();
      await done.catch(() => undefined);
    },
  };
}

/**
 * Creates the durable consumer, or brings an existing one to this config. Its
 * replicas are left at 0, which means the stream's: a consumer on a stream of
 * three copies keeps its acknowledgements on three servers too.
 */
async function ensureDurable(nc: NatsConnection, stream: string, durable: string, subjects: string[]): Promise<void> {
  const jsm = await nc.jetstreamManager();
  const config = {
    durable_name: durable,
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
  const exists = await jsm.consumers.info(stream, durable).then(
    () => true,
    () => false,
  );
  if (exists) return void (await jsm.consumers.update(stream, durable, config));
  try {
    await jsm.consumers.add(stream, config);
  } catch (err) {
    if (!/already in use|exists/i.test(String((err as Error).message))) throw err;
    await jsm.consumers.update(stream, durable, config);
  }
}

const MAX_RETRY_DELAY_MS = 60_000;
const decoder = new TextDecoder();

/** What happens to each delivered message: validate, handle, then ack, retry later, or dead-letter. */
class Deliveries<E extends EventClasses> {
  private readonly maxDeliveries: number;
  private readonly firstDelay: number;

  constructor(
    private readonly js: JetStreamClient,
    private readonly options: ConsumerOptions<E>,
  ) {
    this.maxDeliveries = options.maxDeliveries ?? 20;
    this.firstDelay = options.retryDelayMs ?? 1000;
  }

  async handle(msg: JsMsg): Promise<void> {
    const eventId = msg.headers?.get('Nats-Msg-Id') || `${this.options.stream}:${msg.seq}`;
    const correlationId = msg.headers?.get(CORRELATION_HEADER) || requestContext.newId();
    await requestContext.run({ correlationId }, () =>
      tracedReceive(msg.subject, msg.headers, () => this.deliver(msg, eventId), SpanKind.CONSUMER),
    );
  }

  private async deliver(msg: JsMsg, eventId: string): Promise<void> {
    const deliveryCount = msg.info.redeliveryCount;
    try {
      const eventClass = this.options.events[msg.subject];
      if (!eventClass) return msg.ack();
      const parsed = await parseEvent(eventClass, msg.data);
      if ('invalid' in parsed) return await this.deadLetter(msg, eventId, `INVALID_EVENT: ${parsed.invalid}`);
      await this.options.handle({ subject: msg.subject, event: parsed.event, eventId, deliveryCount } as EventDelivery<E>);
      msg.ack();
    } catch (err) {
      await this.failed(msg, eventId, err);
    }
  }

  private async failed(msg: JsMsg, eventId: string, err: unknown): Promise<void> {
    const deliveryCount = msg.info.redeliveryCount;
    if (deliveryCount >= this.maxDeliveries) {
      await this.deadLetter(msg, eventId, `FAILED: ${(err as Error)?.name ?? 'Error'}`).catch((e) =>
        this.options.logger.error({ err: e, eventId }, 'dead letter not published; the event will be redelivered'),
      );
      return;
    }
    const delay = Math.min(MAX_RETRY_DELAY_MS, this.firstDelay * 2 ** (deliveryCount - 1));
    this.options.logger.warn(
      { err, eventId, subject: msg.subject, delivery: deliveryCount, retryInMs: delay },
      'event handling failed; will retry',
    );
    msg.nak(delay);
  }

  private async deadLetter(msg: JsMsg, eventId: string, reason: string): Promise<void> {
    const h = natsHeaders();
    h.set(DeadLetterHeaders.Reason, reason);
    h.set(DeadLetterHeaders.Subject, msg.subject);
    h.set(DeadLetterHeaders.Stream, this.options.stream);
    h.set(DeadLetterHeaders.StreamSeq, String(msg.seq));
    h.set(DeadLetterHeaders.Deliveries, String(msg.info.redeliveryCount));
    const correlationId = msg.headers?.get(CORRELATION_HEADER);
    if (correlationId) h.set(CORRELATION_HEADER, correlationId);
    // The stream's duplicate window makes a second dead letter of the same event (after a crash) a no-op.
    const msgID = `${this.options.durable}:${this.options.stream}:${msg.seq}`;
    await this.js.publish(DEAD_LETTERS.subject(this.options.durable), msg.data, { msgID, headers: h });
    msg.term();
    const { subject, seq } = msg;
    this.options.logger.error({ eventId, subject, streamSeq: seq, deliveries: msg.info.redeliveryCount, reason }, 'event dead-lettered');
  }
}

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
