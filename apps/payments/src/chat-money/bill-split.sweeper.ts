import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { BackgroundLoop, LOGGER, queryRows } from '@app/common';
import { PaymentsEnv } from '../config/payments.env';
import { JobLease } from '../jobs/job-lease';
import { BillSplitService } from './bill-split.service';

const LEASE = 'payments.bill-split-sweeper';
const BATCH = 200;

/**
 * Closes collecting splits that can no longer be paid: those past their
 * expiry (BILL_SPLIT_EXPIRE_SECONDS after they were made) and those whose
 * bill was paid some other way. Every share paid in goes back. One copy
 * sweeps at a time (a lease); each close is a compare-and-set on the split's
 * state in its own transaction, so a crash or a race closes nothing twice.
 */
@Injectable()
export class BillSplitSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly ds: DataSource,
    private readonly env: PaymentsEnv,
    private readonly splits: BillSplitService,
    private readonly lease: JobLease,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.loop = new BackgroundLoop(
      () => this.sweepOnce(),
      env.BILL_SPLIT_SWEEP_INTERVAL_MS,
      (err) => this.logger.warn({ err: String((err as Error).message) }, 'bill split sweep failed; next tick retries'),
      { skipBusyTicks: true },
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
    await this.lease.release(LEASE).catch(() => undefined);
  }

  /** Sweep soon: a bill was just paid, and a split of it may be collecting. */
  poke(): void {
    this.loop.poke();
  }

  /** One pass, if this copy holds the lease; how many splits it closed (null without the lease). */
  async sweepOnce(): Promise<number | null> {
    if (!(await this.lease.acquire(LEASE, this.env.BILL_SPLIT_SWEEP_INTERVAL_MS * 3))) return null;
    const due = await queryRows<{ id: string; paid: boolean }>(
      this.ds,
      `SELECT s.id, EXISTS (SELECT 1 FROM bill_payments bp WHERE bp.bill_id = s.bill_id AND bp.payment_id = s.payment_id) AS paid
         FROM bill_splits s
        WHERE s.status = 'COLLECTING'
          AND (s.expires_at <= now()
               OR EXISTS (SELECT 1 FROM bill_payments bp WHERE bp.bill_id = s.bill_id AND bp.payment_id = s.payment_id))
        ORDER BY s.expires_at LIMIT ${BATCH}`,
    );
    let closed = 0;
    for (const split of due) {
      if (this.loop.stopped) break;
      if (await this.splits.closeBy(split.id, split.paid ? 'PAID_ELSEWHERE' : 'EXPIRED')) closed++;
    }
    return closed;
  }
}
