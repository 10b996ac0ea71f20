import { Inject, Injectable } from '@nestjs/common';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { LOGGER, queryRows } from '@app/common';
import { PaymentsEnv } from '../config/payments.env';
import { JobLease } from '../jobs/job-lease';
import { LeasedSweeper } from '../jobs/leased-sweeper';
import { TOP_UP_COLUMNS, TopUpRow } from './topup.row';
import { TopUpService } from './topup.service';

const LEASE = 'payments.topup-sweeper';
const HOUSEKEEPING_EVERY_MS = 3600_000;

/**
 * Settles top-ups whose callback never came: once old enough, each is
 * inquired at the bank and credited (after verify) or failed; one the bank
 * still has not settled is EXPIRED at TOPUP_EXPIRE_AFTER_SECONDS. One copy of
 * the service sweeps at a time (LeasedSweeper: a lease in the database, so a
 * restart or a crash hands it over), and each settlement is a compare-and-set
 * anyway.
 */
@Injectable()
export class TopUpSweeper extends LeasedSweeper {
  private lastHousekeeping = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly env: PaymentsEnv,
    private readonly topUps: TopUpService,
    lease: JobLease,
    @Inject(LOGGER) logger: Logger,
  ) {
    super(lease, logger, { lease: LEASE, intervalMs: env.TOPUP_SWEEP_INTERVAL_MS, topic: 'top-up' });
  }

  /** One pass's work: how many top-ups it looked at. */
  protected async sweep(): Promise<number> {
    const due = await queryRows<TopUpRow>(
      this.ds,
      `SELECT ${TOP_UP_COLUMNS}
         FROM top_ups WHERE status = 'PENDING' AND created_at <= now() - make_interval(secs => $1)
        ORDER BY created_at LIMIT 200`,
      [this.env.TOPUP_INQUIRE_AFTER_SECONDS],
    );
    for (const row of due) {
      if (this.stopped) break;
      await this.topUps.reconcile(row, 'SWEEP');
    }
    if (Date.now() - this.lastHousekeeping > HOUSEKEEPING_EVERY_MS) {
      this.lastHousekeeping = Date.now();
      await queryRows<never>(this.ds, `DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`, [
        this.env.IDEMPOTENCY_TTL_HOURS,
      ]);
      await queryRows<never>(this.ds, `DELETE FROM outbox WHERE published_at < now() - interval '7 days'`);
      await queryRows<never>(this.ds, `DELETE FROM transfer_daily_totals WHERE day < current_date - 2`);
    }
    return due.length;
  }
}
