import { randomUUID } from 'node:crypto';
import { headers as natsHeaders, NatsConnection, NatsError, ErrorCode as NatsErrorCode } from 'nats';
import { CORRELATION_HEADER, ErrorCode, isRpcErrorPayload, RequestOf, ResponseOf, Subject } from '@app/contracts';
import { DomainError } from '../errors/domain-error';
import { requestContext } from '../context/request-context';
import { tracedSend } from '../tracing/tracing';

export type RoundTripObserver = (subject: string, seconds: number, outcome: 'ok' | 'error' | 'unavailable') => void;

export interface RpcClientOptions {
  timeoutMs: number;
  observe?: RoundTripObserver;
}

/**
 * Typed request-reply over NATS to the services' NestJS handlers. It speaks
 * Nest's NATS packet format ({ pattern, data, id } → { response | err }) over
 * nats.js's request(), whose shared reply inbox costs no subscription per call
 * and which reports "no responders" at once. A service that does not answer
 * within the timeout, or is not there at all, is SERVICE_UNAVAILABLE.
 */
export class RpcClient {
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  constructor(
    private readonly nc: NatsConnection,
    private readonly options: RpcClientOptions,
  ) {}

  async send<S extends Subject>(subject: S, payload: RequestOf<S>, opts: { timeoutMs?: number } = {}): Promise<ResponseOf<S>> {
    const started = process.hrtime.bigint();
    const h = natsHeaders();
    const correlationId = requestContext.correlationId() ?? randomUUID();
    h.set(CORRELATION_HEADER, correlationId);
    const body = this.encoder.encode(JSON.stringify({ pattern: subject, data: payload, id: randomUUID() }));
    let outcome: 'ok' | 'error' | 'unavailable' = 'ok';
    try {
      const timeout = opts.timeoutMs ?? this.options.timeoutMs;
      const reply = await tracedSend(subject, h, correlationId, () => this.nc.request(subject, body, { timeout, headers: h }));
      const packet = JSON.parse(this.decoder.decode(reply.data)) as { response?: unknown; err?: unknown };
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
