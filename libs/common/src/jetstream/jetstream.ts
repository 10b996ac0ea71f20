import { JetStreamClient, NatsConnection, RetentionPolicy, StorageType, headers as natsHeaders, nanos } from 'nats';
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
