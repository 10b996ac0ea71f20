import { Inject, Injectable } from '@nestjs/common';
import { NatsConnection } from 'nats';
import { Logger } from 'pino';
import { EventDelivery, LOGGER, NATS_CONNECTION } from '@app/common';
import { ChatMoneyEventClasses, ChatMoneyEvents } from '@app/contracts';
import { MessagingEnv } from '../config/messaging.env';
import { EventConsumer } from '../events/event.consumer';
import { ChatMoneyMessages } from './chat-money.messages';

export const CHAT_MONEY_CONSUMER = 'messaging-chat-money';

/**
 * Follows payments' money requests and bill splits into their messages
 * (EventConsumer): the first event posts the message (idempotent by its
 * clientId), each later one appends a MessageEdited once (by version). An
 * event that can never apply (the sender left before the message was
 * posted) is logged and acknowledged; anything else is retried.
 */
@Injectable()
export class ChatMoneyConsumer extends EventConsumer<typeof ChatMoneyEventClasses> {
  constructor(
    @Inject(NATS_CONNECTION) nc: NatsConnection,
    @Inject(LOGGER) logger: Logger,
    env: MessagingEnv,
    private readonly chatMoney: ChatMoneyMessages,
  ) {
    super(nc, logger, env, {
      stream: ChatMoneyEvents.Stream,
      subjects: [ChatMoneyEvents.Changed],
      durable: CHAT_MONEY_CONSUMER,
      events: ChatMoneyEventClasses,
      topic: 'chat money',
    });
  }

  protected apply(delivery: EventDelivery<typeof ChatMoneyEventClasses>): Promise<void> {
    return this.chatMoney.apply(delivery.event);
  }
}
