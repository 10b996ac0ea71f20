import { Inject, Injectable } from '@nestjs/common';
import { NatsConnection } from 'nats';
import { Logger } from 'pino';
import { LOGGER, NATS_CONNECTION } from '@app/common';
import { PaymentsLive, WalletChangedEvent } from '@app/contracts';

export interface BalanceChange {
  userId: string;
  walletId: string;
  balance: string;
  /** The seq of the transfer that made this balance. */
  version: string;
}

/**
 * Announces committed balance changes on each owner's own subject (core
 * NATS, fire and forget). Every event carries the whole wallet and a version,
 * so a lost or reordered one is mended by the next. Changes are gathered for
 * one turn of the event loop and sent together (one socket write, and only
 * the newest wallet per user), since under load they come by the hundred.
 */
@Injectable()
export class WalletEvents {
  private readonly encoder = new TextEncoder();
  private pending = new Map<string, BalanceChange>();
  private scheduled = false;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  changed(...changes: BalanceChange[]): void {
    for (const c of changes) {
      const queued = this.pending.get(c.userId);
      if (!queued || BigInt(queued.version) < BigInt(c.version)) this.pending.set(c.userId, c);
    }
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.publish());
  }

  private publish(): void {
    const batch = this.pending;
    this.pending = new Map();
    this.scheduled = false;
    for (const c of batch.values()) {
      const event: WalletChangedEvent = {
        userId: c.userId,
        version: c.version,
        wallet: { id: c.walletId, balance: c.balance, currency: 'IRR' },
      };
      try {
        this.nc.publish(PaymentsLive.walletChanged(c.userId), this.encoder.encode(JSON.stringify(event)));
      } catch (err) {
        this.logger.warn({ err, userId: c.userId }, 'walletChanged not published');
      }
    }
  }
}
