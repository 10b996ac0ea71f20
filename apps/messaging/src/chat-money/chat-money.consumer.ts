import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { NatsConnection } from 'nats';
import { Logger } from 'pino';
import { DomainError, ensureStream, EventDelivery, LOGGER, NATS_CONNECTION, runConsumer } from '@app/common';
import { ChatMoneyEventClasses, ChatMoneyEvents } from '@app/contracts';
import { MessagingEnv } from '../config/messaging.env';
import { ChatMoneyMessages } from './chat-money.messages';

export const CHAT_MONEY_CONSUMER = 'messaging-chat-money';

/**
 * Follows payments' money requests and bill splits into their messages
 * (JetStream, durable, at least once): the first event posts the message
 * (idempotent by its clientId), each later one appends a MessageEdited once
 * (by version). While messaging is down the events wait in the stream, so an
 * update is late but never lost; money never depends on it. An event that
 * can never apply (the sender left before the message was posted) is logged
 * and acknowledged; anything else is retried.
 */
@Injectable()
export class ChatMoneyConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: { stop: () => Promise<void> };
  private starting?: Promise<void>;
  private stopped = false;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly env: MessagingEnv,
    private readonly chatMoney: ChatMoneyMessages,
  ) {}

  onApplicationBootstrap(): void {
    if (this.env.PAYMENTS_CONSUMER) this.starting = this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.starting;
    await this.consumer?.stop();
  }

  private async start(): Promise<void> {
    while (!this.stopped) {
      try {
        await ensureStream(this.nc, ChatMoneyEvents.Stream, [ChatMoneyEvents.Changed]);
        this.consumer = await runConsumer(this.nc, {
          stream: ChatMoneyEvents.Stream,
          durable: CHAT_MONEY_CONSUMER,
          events: ChatMoneyEventClasses,
          logger: this.logger,
          handle: (delivery) => this.handle(delivery),
        });
        return;
      } catch (err) {
        if (this.stopped) return;
        this.logger.warn({ err }, 'chat money event consumer not started; retrying');
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  }

  async handle(delivery: EventDelivery<typeof ChatMoneyEventClasses>): Promise<void> {
    try {
      await this.chatMoney.apply(delivery.event);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      this.logger.warn({ eventId: delivery.eventId, code: err.code, reason: err.message }, 'chat money event not applied');
    }
  }
}
