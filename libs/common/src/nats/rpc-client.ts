import { randomUUID } from 'node:crypto';
import { createInbox, headers as natsHeaders, Msg, NatsConnection, NatsError, ErrorCode as NatsErrorCode } from 'nats';
import { CORRELATION_HEADER, ErrorCode, isRpcErrorPayload, RequestOf, ResponseOf, Subject } from '@app/contracts';
import { DomainError } from '../errors/domain-error';
import { requestContext } from '../context/request-context';
import { tracedSend } from '../tracing/tracing';

export type RoundTripObserver = (subject: string, seconds: number, outcome: 'ok' | 'error' | 'unavailable') => void;

export interface RpcClientOptions {
  timeoutMs: number;
  observe?: RoundTripObserver;
}

/** Why a request got no answer, as nats.js would say it (RpcClient turns each into SERVICE_UNAVAILABLE). */
class Unanswered extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

interface Waiter {
  resolve(data: Uint8Array): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * One reply subscription for all of a client's requests (as nats.js's
 * request() shares one), each request a token under it. nats.js also builds
 * a NatsError, stack trace included, for every request it completes (its
 * cancel() after the reply: 2% of the gateway's CPU in bench/payments);
 * this does the same work without it. "No responders" (a 503 status with
 * no payload) fails a request at once, as in nats.js.
 */
class ReplyInbox {
  private readonly prefix: string;
  private readonly waiting = new Map<string, Waiter>();
  private next = 0;

  constructor(private readonly nc: NatsConnection) {
    const inboxPrefix = (nc as unknown as { options?: { inboxPrefix?: string } }).options?.inboxPrefix;
    this.prefix = createInbox(inboxPrefix);
    nc.subscribe(`${this.prefix}.*`, { callback: (err, msg) => (err ? this.failAll(err) : this.answer(msg)) });
    void nc.closed().then(() => this.failAll(new Unanswered(NatsErrorCode.ConnectionClosed)));
  }

  request(subject: string, body: Uint8Array, timeoutMs: number, headers: ReturnType<typeof natsHeaders>): Promise<Uint8Array> {
    const token = (this.next++).toString(36);
    return new Promise<Uint8Array>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(token);
        reject(new Unanswered(NatsErrorCode.Timeout));
      }, timeoutMs);
      this.waiting.set(token, { resolve, reject, timer });
      try {
        this.nc.publish(subject, body, { reply: `${this.prefix}.${token}`, headers });
      } catch (err) {
        clearTimeout(timer);
        this.waiting.delete(token);
        reject(err as Error);
      }
    });
  }

  private answer(msg: Msg): void {
    const token = msg.subject.slice(this.prefix.length + 1);
    const waiter = this.waiting.get(token);
    // A reply after its timeout, or a second one: nobody waits for it.
    if (!waiter) return;
    this.waiting.delete(token);
    clearTimeout(waiter.timer);
    if (msg.data.length === 0 && msg.headers?.hasError) {
      waiter.reject(new Unanswered(msg.headers.code === 503 ? NatsErrorCode.NoResponders : NatsErrorCode.RequestError));
    } else {
      waiter.resolve(msg.data);
    }
  }

  private failAll(err: Error): void {
    for (const [token, waiter] of this.waiting) {
      this.waiting.delete(token);
      clearTimeout(waiter.timer);
      waiter.reject(err);
    }
  }
}

/**
 * Typed request-reply over NATS to the services' NestJS handlers. It speaks
 * Nest's NATS packet format ({ pattern, data, id } → { response | err }) over
 * one shared reply subscription (ReplyInbox), which costs no subscription per
 * call and learns of "no responders" at once. A service that does not answer
 * within the timeout, or is not there at all, is SERVICE_UNAVAILABLE.
 */
export class RpcClient {
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();
  private inbox?: ReplyInbox;
  /** Nest's packet id: any string unique among this client's requests in flight (Nest's server only echoes it). */
  private readonly idPrefix = randomUUID();
  private sent = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly options: RpcClientOptions,
  ) {}

  async send<S extends Subject>(subject: S, payload: RequestOf<S>, opts: { timeoutMs?: number } = {}): Promise<ResponseOf<S>> {
    const started = process.hrtime.bigint();
    const h = natsHeaders();
    const correlationId = requestContext.correlationId() ?? randomUUID();
    h.set(CORRELATION_HEADER, correlationId);
    const body = this.encoder.encode(
      JSON.stringify({ pattern: subject, data: payload, id: `${this.idPrefix}:${(this.sent++).toString(36)}` }),
    );
    let outcome: 'ok' | 'error' | 'unavailable' = 'ok';
    try {
      const timeout = opts.timeoutMs ?? this.options.timeoutMs;
      this.inbox ??= new ReplyInbox(this.nc);
      const inbox = this.inbox;
      const reply = await tracedSend(subject, h, correlationId, () => inbox.request(subject, body, timeout, h));
      const packet = JSON.parse(this.decoder.decode(reply)) as { response?: unknown; err?: unknown };
      if (packet.err !== undefined && packet.err !== null) {
        outcome = 'error';
        if (isRpcErrorPayload(packet.err)) {
          const { code, message, ...extra } = packet.err;
          throw new DomainError(code, message, extra);
        }
        throw new DomainError(ErrorCode.Internal, `unexpected error from ${subject}`, {});
      }
      return packet.response as ResponseOf<S>;
    } catch (err) {
      if (err instanceof DomainError) throw err;
      const code = (err as NatsError).code;
      if (
        code === NatsErrorCode.Timeout ||
        code === NatsErrorCode.NoResponders ||
        code === NatsErrorCode.Disconnect ||
        code === NatsErrorCode.ConnectionClosed ||
        code === NatsErrorCode.RequestError ||
        code === NatsErrorCode.ConnectionDraining
      ) {
        outcome = 'unavailable';
        throw new DomainError(
          ErrorCode.ServiceUnavailable,
          `${subject.split('.')[0]} did not answer in time; nothing was changed, or it is safe to retry`,
        );
      }
      outcome = 'error';
      throw err;
    } finally {
      this.options.observe?.(subject, Number(process.hrtime.bigint() - started) / 1e9, outcome);
    }
  }
}
