import { Inject, Injectable } from '@nestjs/common';
import { NatsConnection } from 'nats';
import { Logger } from 'pino';
import { LOGGER, NATS_CONNECTION } from '@app/common';
import { MessageView, MessagingLive, TypingView, UpdateType } from '@app/contracts';
import { UpdateHydrator } from './update.hydrator';
import { UpdateEntry } from './update.row';

/** What a committed write appended to its recipients' streams, to be pushed live. */
export interface Delivery {
  type: UpdateType;
  conversationId: string;
  messageId: string | null;
  data: Record<string, unknown> | null;
  recipients: string[];
  /** Stream positions, one per recipient. */
  positions: string[];
}

const encoder = new TextEncoder();

/**
 * Pushes committed updates to each recipient's live subject. Runs only after
 * the transaction committed, so nothing is ever pushed that a replay would
 * not also return. Core NATS may drop or reorder a push (a restarted
 * gateway, two service copies publishing at once): the gateway notices the
 * hole in the dense positions and reads the missing updates back.
 */
@Injectable()
export class LivePublisher {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly hydrator: UpdateHydrator,
  ) {}

  /**
   * The hot path: a new message looks the same to every recipient (no
   * reactions yet), so it is serialized once and only the cursor differs.
   */
  messageAdded(message: MessageView, recipients: string[], positions: string[]): void {
    const tail = JSON.stringify({ type: 'MessageAdded', conversationId: message.conversationId, message }).slice(1);
    for (let i = 0; i < recipients.length; i++) {
      this.nc.publish(MessagingLive.updates(recipients[i]), encoder.encode(`{"cursor":"${positions[i]}",${tail}`));
    }
  }

  /** Anything else: hydrated per recipient (reactedByMe, myRole, unread counts differ). */
  async deliver(deliveries: Delivery[]): Promise<void> {
    const entries: UpdateEntry[] = [];
    for (const d of deliveries) {
      d.recipients.forEach((viewerId, i) =>
        entries.push({
          viewerId,
          pos: d.positions[i],
          type: d.type,
          conversationId: d.conversationId,
          messageId: d.messageId,
          data: d.data,
        }),
      );
    }
    if (!entries.length) return;
    try {
      const views = await this.hydrator.hydrateEach(entries);
      views.forEach((view, i) => {
        if (view) this.nc.publish(MessagingLive.updates(entries[i].viewerId), encoder.encode(JSON.stringify(view)));
      });
    } catch (err) {
      // The updates are stored; live clients recover them at the next push or reconnect.
      this.logger.warn({ err }, 'live delivery failed after commit');
    }
  }

  typing(event: TypingView, recipients: string[]): void {
    const data = encoder.encode(JSON.stringify(event));
    for (const userId of recipients) this.nc.publish(MessagingLive.typing(userId), data);
  }
}
