import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The gateway's Prometheus metrics: per operation, and per NATS subject. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'graphql_requests_total',
    help: 'GraphQL operations by root fields and outcome',
    labelNames: ['operation', 'outcome'],
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'GraphQL operation latency by root fields',
    labelNames: ['operation'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly nats = new Histogram({
    name: 'nats_request_duration_seconds',
    help: 'NATS request-reply round trips by subject and outcome',
    labelNames: ['subject', 'outcome'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [this.registry],
  });
  readonly liveSubjects = new Gauge({
    name: 'gateway_live_subjects',
    help: 'NATS subjects the gateway listens on for its open subscriptions (one per user or channel, shared by their sockets)',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  observeRoundTrip = (subject: string, seconds: number, outcome: string): void => {
    this.nats.observe({ subject, outcome }, seconds);
  };
}

/** One registry for the process, shared with the NATS client created before Nest's container. */
export const metrics = new MetricsService();
