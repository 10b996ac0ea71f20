import { Inject, Injectable } from '@nestjs/common';
import { NatsConnection } from 'nats';
import { Logger } from 'pino';
import { EventDelivery, LOGGER, NATS_CONNECTION } from '@app/common';
import { BillPaidEvent, PaymentsEventClasses, PaymentsEvents, TransferCompletedEvent } from '@app/contracts';
import { MessagingEnv } from '../config/messaging.env';
import { ConversationService } from '../conversations/conversation.service';
import { MessageService } from '../messages/message.service';
import { EventConsumer } from './event.consumer';

export const PAYMENTS_CONSUMER = 'messaging-payments';

/**
 * Posts PAYMENT and BILL_PAYMENT messages from payments' JetStream events
 * (EventConsumer). Delivery is at least once; the message's clientId
 * (payment:<transferId>, bill:<billPaymentId>) hits the (conversation,
 * sender, clientId) unique index on a redelivery, which makes it a no-op. An
 * event that can never apply (the payer is no longer a member of the
 * conversation) is logged and acknowledged; anything else (database down) is
 * retried until it applies.
 */
@Injectable()
export class PaymentsConsumer extends EventConsumer<typeof PaymentsEventClasses> {
  constructor(
    @Inject(NATS_CONNECTION) nc: NatsConnection,
    @Inject(LOGGER) logger: Logger,
    env: MessagingEnv,
    private readonly messages: MessageService,
    private readonly conversations: ConversationService,
  ) {
    super(nc, logger, env, {
      stream: PaymentsEvents.Stream,
      subjects: [PaymentsEvents.TransferCompleted, PaymentsEvents.BillPaid],
      durable: PAYMENTS_CONSUMER,
      events: PaymentsEventClasses,
      topic: 'payment',
    });
  }

  protected apply(delivery: EventDelivery<typeof PaymentsEventClasses>): Promise<void> {
    return delivery.subject === PaymentsEvents.TransferCompleted ? this.transfer(delivery.event) : this.bill(delivery.event);
  }

  private async transfer(e: TransferCompletedEvent): Promise<void> {
    // The money has moved: the receipt goes to their direct conversation even if one blocked the other since.
    const conversationId = e.conversationId ?? (await this.conversations.directConversation(e.fromUserId, e.toUserId));
    await this.messages.attach({
      conversationId,
      senderId: e.fromUserId,
      kind: 'PAYMENT',
      refId: e.transferId,
      text: e.note,
      clientId: `payment:${e.transferId}`,
    });
  }

  private async bill(e: BillPaidEvent): Promise<void> {
    await this.messages.attach({
      conversationId: e.conversationId,
      senderId: e.userId,
      kind: 'BILL_PAYMENT',
      refId: e.billPaymentId,
      text: null,
      clientId: `bill:${e.billPaymentId}`,
    });
  }
}
