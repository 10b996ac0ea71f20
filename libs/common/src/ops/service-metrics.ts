import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * A service process's Prometheus figures, exported on its ops port's
 * /metrics: the process's own (CPU, memory, event loop lag, GC) and each NATS
 * handler's count and latency by subject and outcome.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly handled = new Histogram({
    name: 'nats_handler_duration_seconds',
    help: 'NATS request handlers by subject and outcome (ok or the error code)',
    labelNames: ['subject', 'outcome'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [this.registry],
  });
  readonly events = new Counter({
    name: 'jetstream_events_total',
    help: 'JetStream events handled by consumer and outcome (ok, retry, dead)',
    labelNames: ['consumer', 'outcome'],
    registers: [this.registry],
  });

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
  }
}

/** One per process: a service is one per process (the test harness runs several in one, sharing these figures). */
let current: ServiceMetrics | undefined;
export function serviceMetrics(service = 'service'): ServiceMetrics {
  return (current ??= new ServiceMetrics(service));
}
