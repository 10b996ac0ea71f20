import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { Observable } from 'rxjs';
import { CORRELATION_HEADER } from '@app/contracts';
import { requestContext } from '../context/request-context';

/** Runs each NATS handler inside the caller's correlation id, so its log lines carry it. */
@Injectable()
export class CorrelationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const nats = context.switchToRpc().getContext<NatsContext>();
    const id = (nats?.getHeaders?.()?.get(CORRELATION_HEADER) || requestContext.newId()) as string;
    return new Observable((subscriber) => requestContext.run({ correlationId: id }, () => next.handle().subscribe(subscriber)));
  }
}
