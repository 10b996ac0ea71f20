import { connect, NatsConnection } from 'nats';
import { Logger } from 'pino';
import { coalesceNatsWrites } from './coalesce-writes';

/**
 * One NATS connection per process for requests, events and JetStream. It
 * reconnects forever: a NATS restart is a blip, not a crash.
 */
export async function connectNats(
  options: { servers: string[]; user?: string; pass?: string; inboxPrefix?: string },
  name: string,
  logger: Logger,
): Promise<NatsConnection> {
  const nc = await connect({
    ...options,
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: true,
    timeout: 5000,
    // nats.js otherwise makes an Error (a stack trace) per request and
    // publish to report where a failed one came from; RpcClient turns every
    // failure into SERVICE_UNAVAILABLE with the subject, so the stack buys
    // nothing and costs ~4% of the gateway's CPU (bench/messaging profile).
    noAsyncTraces: true,
  });
  coalesceNatsWrites(nc);
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect' || status.type === 'error') {
        logger.warn({ nats: status.type, data: String(status.data) }, 'nats connection status');
      }
    }
  })();
  return nc;
}

export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
