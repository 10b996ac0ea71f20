import {
  JetStreamClient,
  JetStreamManager,
  NatsConnection,
  RetentionPolicy,
  StorageType,
  StreamConfig,
  headers as natsHeaders,
  nanos,
} from 'nats';
import { Logger } from 'pino';
import { CORRELATION_HEADER } from '@app/contracts';
import { requestContext } from '../context/request-context';
import { SpanKind, tracedSend } from '../tracing/tracing';

export interface StreamOptions {
  /** How long events are kept (default 7 days). */
  maxAgeMs?: number;
  /** Copies of the stream across the cluster for a new stream, and the least an existing one should have (JETSTREAM_REPLICAS). */
  replicas?: number;
  /** Told when an existing stream has fewer copies than asked and cannot be raised. */
  logger?: Pick<Logger, 'warn' | 'info'>;
}

/**
 * JetStream carries the events that must not be lost (a transfer that must
 * appear in a chat, a post that must reach the feed). Publishing is
 * deduplicated by message id within the stream's window; consumers are
 * durable, acknowledge explicitly after their effect is committed, and must
 * be idempotent (a unique key on their effect): delivery is at least once.
 *
 * A missing stream is created with `replicas` copies. An existing one is the
 * operator's: a service starting never lowers its replicas nor changes its
 * limits; it only adds subjects the stream lacks and raises replicas below
 * `replicas` (warning when the cluster cannot hold that many).
 */
export async function ensureStream(nc: NatsConnection, name: string, subjects: string[], options: StreamOptions = {}): Promise<void> {
  const jsm = await nc.jetstreamManager();
  const replicas = options.replicas ?? 1;
  const existing = await streamConfig(jsm, name);
  if (existing) return raiseToAtLeast(jsm, existing, subjects, replicas, options.logger);
  const config: Partial<StreamConfig> & { name: string } = {
    name,
    subjects,
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    num_replicas: replicas,
    max_age: nanos(options.maxAgeMs ?? 7 * 24 * 3600 * 1000),
    duplicate_window: nanos(24 * 3600 * 1000),
  };
  try {
    await jsm.streams.add(config);
  } catch (e) {
    // Another copy created it between our check and our add: take what it made.
    if (!/already in use|exists/i.test(String((e as Error).message))) throw e;
    const made = await streamConfig(jsm, name);
    if (made) await raiseToAtLeast(jsm, made, subjects, replicas, options.logger);
  }
}

async function streamConfig(jsm: JetStreamManager, name: string): Promise<StreamConfig | null> {
  try {
    return (await jsm.streams.info(name)).config;
  } catch (err) {
    if ((err as { code?: string }).code === '404' || /stream not found/i.test(String((err as Error).message))) return null;
    throw err;
  }
}

async function raiseToAtLeast(
  jsm: JetStreamManager,
  current: StreamConfig,
  subjects: string[],
  replicas: number,
  logger?: StreamOptions['logger'],
): Promise<void> {
  const missing = subjects.filter((s) => !current.subjects?.includes(s));
  const raise = current.num_replicas < replicas;
  if (!missing.length && !raise) return;
  const next = { ...current, subjects: [...(current.subjects ?? []), ...missing] };
  if (raise) {
    try {
      await jsm.streams.update(current.name, { ...next, num_replicas: replicas });
      logger?.info({ stream: current.name, from: current.num_replicas, to: replicas }, 'jetstream stream replicas raised');
      return;
    } catch (err) {
      logger?.warn(
        { stream: current.name, replicas: current.num_replicas, wanted: replicas, err: String((err as Error).message) },
        'jetstream stream has fewer replicas than JETSTREAM_REPLICAS and could not be raised; kept as it is',
      );
    }
  }
  if (missing.length) await jsm.streams.update(current.name, next);
}

/** Publishes an event once: a retry with the same id within a day is dropped by the stream. */
export async function publishEvent(js: JetStreamClient, subject: string, payload: unknown, eventId: string): Promise<void> {
  const h = natsHeaders();
  const correlationId = requestContext.correlationId();
  if (correlationId) h.set(CORRELATION_HEADER, correlationId);
  const data = new TextEncoder().encode(JSON.stringify(payload));
  await tracedSend(subject, h, correlationId, () => js.publish(subject, data, { msgID: eventId, headers: h }), SpanKind.PRODUCER);
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
