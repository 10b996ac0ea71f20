import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { Observable } from 'rxjs';
import { CORRELATION_HEADER } from '@app/contracts';
import { requestContext } from '../context/request-context';
import { tracedReceive } from '../tracing/tracing';

/**
 * Runs each NATS handler inside the caller's correlation id, so its log lines
 * carry it, and in a server span under the caller's trace context (both from
 * the request's NATS headers).
 */
@Injectable()
export class CorrelationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const nats = context.switchToRpc().getContext<NatsContext>();
    const headers = nats?.getHeaders?.();
    const id = (headers?.get(CORRELATION_HEADER) || requestContext.newId()) as string;
    const subject = nats?.getSubject?.() ?? 'unknown';
    return new Observable((subscriber) =>
      requestContext.run({ correlationId: id }, () => {
        const handled = tracedReceive(
          subject,
          headers,
          () =>
            new Promise<void>((resolve, reject) =>
              next.handle().subscribe({
                next: (value) => subscriber.next(value),
                error: (err: unknown) => {
                  subscriber.error(err);
                  reject(err);
                },
                complete: () => {
                  subscriber.complete();
                  resolve();
                },
              }),
            ),
        );
        handled.catch(() => undefined);
      }),
    );
  }
}
