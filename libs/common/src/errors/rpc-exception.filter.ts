import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Logger } from 'pino';
import { Observable, throwError } from 'rxjs';
import { ErrorCode, RpcErrorPayload } from '@app/contracts';
import { DomainError } from './domain-error';

/**
 * Turns whatever a handler threw into the `{ code, message }` that crosses
 * NATS. Unexpected errors are logged with an id and leave only that id: no
 * stack trace or SQL ever reaches a caller.
 */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown> {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, _host: ArgumentsHost): Observable<RpcErrorPayload> {
    if (exception instanceof DomainError) return throwError(() => exception.toPayload());
    const errorId = randomUUID();
    this.logger.error({ err: exception, errorId }, 'unexpected error in handler');
    return throwError(() => ({ code: ErrorCode.Internal, message: `Internal error (${errorId})`, errorId }));
  }
}
