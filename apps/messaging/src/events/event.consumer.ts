import { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { NatsConnection } from 'nats';
import { Logger } from 'pino';
import { DomainError, ensureStream, EventClasses, EventDelivery, runConsumer } from '@app/common';
import { MessagingEnv } from '../config/messaging.env';

export interface EventConsumerSpec<E extends EventClasses> {
  stream: string;
  /** The stream's subjects, the same as its publisher declares, so whichever starts first creates the identical stream. */
  subjects: string[];
  /** The durable consumer's name. A deployed consumer keeps its position under it: never rename one. */
  durable: string;
  events: E;
  /** What the events are about, in the logs: `<topic> event not applied`. */
  topic: string;
}

const START_RETRY_MS = 2000;

/**
 * Messaging's side of one of payments' JetStream streams (PAYMENTS_CONSUMER):
 * a durable consumer (runConsumer: at least once, a failed event redelivered
 * after a growing delay, dead-lettered in the end). It is started beside the
 * service, not before it: messaging answers requests while JetStream is still
 * unreachable, and the consumer catches up on everything published meanwhile
 * once it is. While messaging is down the events wait in the stream, so a
 * message is late but never lost; money never depends on it.
 *
 * apply() must be idempotent (a redelivery is a no-op: the message's clientId
 * hits the (conversation, sender, clientId) unique index). An event that can
 * never apply (a DomainError: the sender is no longer a member) is logged and
 * acknowledged; anything else (database down) is retried until it applies.
 */
export abstract class EventConsumer<E extends EventClasses> implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: { stop: () => Promise<void> };
  private starting?: Promise<void>;
  private stopped = false;

  protected constructor(
    private readonly nc: NatsConnection,
    protected readonly logger: Logger,
    private readonly env: MessagingEnv,
    private readonly spec: EventConsumerSpec<E>,
  ) {}

  /** The event's effect on messaging; a DomainError means it can never apply. */
  protected abstract apply(delivery: EventDelivery<E>): Promise<void>;

  onApplicationBootstrap(): void {
    if (this.env.PAYMENTS_CONSUMER) this.starting = this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.starting;
    await this.consumer?.stop();
  }

  async handle(delivery: EventDelivery<E>): Promise<void> {
    try {
      await this.apply(delivery);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      this.logger.warn(
        { eventId: delivery.eventId, subject: delivery.subject, code: err.code, reason: err.message },
        `${this.spec.topic} event not applied`,
      );
    }
  }

  private async start(): Promise<void> {
    const { stream, subjects, durable, events, topic } = this.spec;
    const replicas = this.env.JETSTREAM_REPLICAS;
    while (!this.stopped) {
      try {
        await ensureStream(this.nc, stream, subjects, { replicas, logger: this.logger });
        this.consumer = await runConsumer(this.nc, {
          stream,
          durable,
          events,
          logger: this.logger,
          replicas,
          handle: (delivery) => this.handle(delivery),
        });
        return;
      } catch (err) {
        if (this.stopped) return;
        this.logger.warn({ err }, `${topic} event consumer not started; retrying`);
        await new Promise((r) => setTimeout(r, START_RETRY_MS));
      }
    }
  }
}
