import { Inject, Injectable } from '@nestjs/common';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { LOGGER, queryRows } from '@app/common';
import { PaymentsEnv } from '../config/payments.env';
import { JobLease } from '../jobs/job-lease';
import { LeasedSweeper } from '../jobs/leased-sweeper';
import { BillSplitService } from './bill-split.service';

const LEASE = 'payments.bill-split-sweeper';
const BATCH = 200;

/**
 * Closes collecting splits that can no longer be paid: those past their
 * expiry (BILL_SPLIT_EXPIRE_SECONDS after they were made) and those whose
 * bill was paid some other way (BillService pokes it then). Every share paid
 * in goes back. One copy sweeps at a time (LeasedSweeper); each close is a
 * compare-and-set on the split's state in its own transaction, so a crash or
 * a race closes nothing twice.
 */
@Injectable()
export class BillSplitSweeper extends LeasedSweeper {
  constructor(
    private readonly ds: DataSource,
    env: PaymentsEnv,
    private readonly splits: BillSplitService,
    lease: JobLease,
    @Inject(LOGGER) logger: Logger,
  ) {
    super(lease, logger, { lease: LEASE, intervalMs: env.BILL_SPLIT_SWEEP_INTERVAL_MS, topic: 'bill split' });
  }

  /** One pass's work: how many splits it closed. */
  protected async sweep(): Promise<number> {
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
      if (this.stopped) break;
      if (await this.splits.closeBy(split.id, split.paid ? 'PAID_ELSEWHERE' : 'EXPIRED')) closed++;
    }
    return closed;
  }
}
