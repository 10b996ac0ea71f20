import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { BackgroundLoop, LOGGER, queryRows } from '@app/common';
import { PaymentsEnv } from '../config/payments.env';
import { JobLease } from '../jobs/job-lease';
import { TOP_UP_COLUMNS, TopUpRow } from './topup.row';
import { TopUpService } from './topup.service';

const LEASE = 'payments.topup-sweeper';
const HOUSEKEEPING_EVERY_MS = 3600_000;

/**
 * Settles top-ups whose callback never came: once old enough, each is
 * inquired at the bank and credited (after verify) or failed; one the bank
 * still has not settled is EXPIRED at TOPUP_EXPIRE_AFTER_SECONDS. One copy of
 * the service sweeps at a time (a lease in the database, so a restart or a
 * crash hands it over), and each settlement is a compare-and-set anyway.
 */
@Injectable()
export class TopUpSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: BackgroundLoop;
  private lastHousekeeping = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly env: PaymentsEnv,
    private readonly topUps: TopUpService,
    private readonly lease: JobLease,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.loop = new BackgroundLoop(
      () => this.sweepOnce(),
      env.TOPUP_SWEEP_INTERVAL_MS,
      (err) => this.logger.warn({ err: String((err as Error).message) }, 'top-up sweep failed; next tick retries'),
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

  /** One pass, if this copy holds the lease; returns how many top-ups it looked at (null without the lease). */
  async sweepOnce(): Promise<number | null> {
    if (!(await this.lease.acquire(LEASE, this.env.TOPUP_SWEEP_INTERVAL_MS * 3))) return null;
    const due = await queryRows<TopUpRow>(
      this.ds,
      `SELECT ${TOP_UP_COLUMNS}
         FROM top_ups WHERE status = 'PENDING' AND created_at <= now() - make_interval(secs => $1)
        ORDER BY created_at LIMIT 200`,
      [this.env.TOPUP_INQUIRE_AFTER_SECONDS],
    );
    for (const row of due) {
      if (this.loop.stopped) break;
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
