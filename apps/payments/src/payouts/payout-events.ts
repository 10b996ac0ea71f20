import { Inject, Injectable } from '@nestjs/common';
import { NatsConnection } from 'nats';
import { Logger } from 'pino';
import { LOGGER, NATS_CONNECTION } from '@app/common';
import { PayoutChangedEvent, PayoutsLive, PayoutView } from '@app/contracts';

/**
 * Announces each committed change of a payout on its owner's subject (core
 * NATS, after the commit, fire and forget). Each event carries the whole
 * payout, and a payout only ever moves forward (PENDING → an end), so a lost
 * event is mended by reading the payout again.
 */
@Injectable()
export class PayoutEvents {
  private readonly encoder = new TextEncoder();

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  changed(userId: string, payout: PayoutView): void {
    const event: PayoutChangedEvent = { userId, payout };
    try {
      this.nc.publish(PayoutsLive.payoutChanged(userId), this.encoder.encode(JSON.stringify(event)));
    } catch (err) {
      this.logger.warn({ err: String((err as Error).message), payoutId: payout.id }, 'payoutChanged not published');
    }
  }
}
