import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { NatsConnection } from 'nats';
import { Logger } from 'pino';
import { DomainError, ensureStream, EventDelivery, LOGGER, NATS_CONNECTION, runConsumer } from '@app/common';
import { BillPaidEvent, PaymentsEventClasses, PaymentsEvents, TransferCompletedEvent } from '@app/contracts';
import { MessagingEnv } from '../config/messaging.env';
import { ConversationService } from '../conversations/conversation.service';
import { MessageService } from '../messages/message.service';

export const PAYMENTS_CONSUMER = 'messaging-payments';

/**
 * Posts PAYMENT and BILL_PAYMENT messages from payments' JetStream events.
 * Delivery is at least once; the message's clientId (payment:<transferId>,
 * bill:<billPaymentId>) hits the (conversation, sender, clientId) unique
 * index on a redelivery, which makes it a no-op. An event that can never
 * apply (the payer is no longer a member of the conversation) is logged and
 * acknowledged; anything else (database down) is retried until it applies.
 */
@Injectable()
export class PaymentsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: { stop: () => Promise<void> };
  private starting?: Promise<void>;
  private stopped = false;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly env: MessagingEnv,
    private readonly messages: MessageService,
    private readonly conversations: ConversationService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.env.PAYMENTS_CONSUMER) this.starting = this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.starting;
    await this.consumer?.stop();
  }

  /**
   * Started beside the service, not before it: messaging answers requests
   * while JetStream is still unreachable, and the consumer catches up on
   * everything payments published meanwhile once it is (durable consumer).
   */
  private async start(): Promise<void> {
    while (!this.stopped) {
      try {
        // Same subjects as payments declares, so whichever starts first creates the identical stream.
        await ensureStream(this.nc, PaymentsEvents.Stream, [PaymentsEvents.TransferCompleted, PaymentsEvents.BillPaid], {
          replicas: this.env.JETSTREAM_REPLICAS,
          logger: this.logger,
        });
        this.consumer = await runConsumer(this.nc, {
          stream: PaymentsEvents.Stream,
          durable: PAYMENTS_CONSUMER,
          events: PaymentsEventClasses,
          logger: this.logger,
          replicas: this.env.JETSTREAM_REPLICAS,
          handle: (delivery) => this.handle(delivery),
        });
        return;
      } catch (err) {
        if (this.stopped) return;
        this.logger.warn({ err }, 'payments event consumer not started; retrying');
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  }

  async handle(delivery: EventDelivery<typeof PaymentsEventClasses>): Promise<void> {
    try {
      if (delivery.subject === PaymentsEvents.TransferCompleted) await this.transfer(delivery.event);
      else await this.bill(delivery.event);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      this.logger.warn(
        { eventId: delivery.eventId, subject: delivery.subject, code: err.code, reason: err.message },
        'payment event not posted',
      );
    }
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
