import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { Observable, tap } from 'rxjs';
import { ServiceMetrics } from './service-metrics';

/** Times each NATS handler into nats_handler_duration_seconds, by subject and outcome (ok or the error's code). */
@Injectable()
export class MetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: ServiceMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const subject = context.switchToRpc().getContext<NatsContext>()?.getSubject?.() ?? 'unknown';
    const started = process.hrtime.bigint();
    const observe = (outcome: string) =>
      this.metrics.handled.observe({ subject, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
    return next.handle().pipe(
      tap({
        complete: () => observe('ok'),
        error: (err: unknown) => observe(String((err as { code?: unknown })?.code ?? 'INTERNAL')),
      }),
    );
  }
}
