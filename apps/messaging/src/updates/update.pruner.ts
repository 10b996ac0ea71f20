import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { BackgroundLoop, LOGGER, queryRows } from '@app/common';
import { MessagingEnv } from '../config/messaging.env';

/** Rows deleted per transaction: short locks, and a crash loses at most one batch's work. */
const BATCH = 5000;

/**
 * Deletes update rows older than UPDATES_KEEP_DAYS, so that the streams (one
 * row per recipient per change) do not grow without end. A client whose
 * cursor is older than what is kept is told so by `updates(after)` and loads
 * its conversations afresh, as Telegram answers "difference too long".
 *
 * Each user's newest row is never deleted, whatever its age: fan_out takes
 * the next position as max(pos) + 1, so deleting it would hand the same
 * position out twice. Copies of the service take turns through a
 * transaction-scoped advisory lock; one that finds it taken skips the pass.
 */
@Injectable()
export class UpdatePruner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly ds: DataSource,
    private readonly env: MessagingEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.loop = new BackgroundLoop(
      () => this.pruneOnce(),
      env.UPDATES_PRUNE_INTERVAL_MS,
      (err) => this.logger.error({ err }, 'pruning updates failed'),
    );
  }

  onApplicationBootstrap(): void {
    if (this.env.UPDATES_PRUNE_INTERVAL_MS > 0) this.loop.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  /** One pass: deletes in batches until nothing old is left; the number of rows deleted, or -1 when another copy holds the turn. */
  async pruneOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.ds.transaction(async (db) => {
        const [{ got }] = await queryRows<{ got: boolean }>(db, `SELECT pg_try_advisory_xact_lock(1839, 1) AS got`);
        if (!got) return -1;
        const [{ n }] = await queryRows<{ n: number }>(
          db,
          `WITH doomed AS (
             SELECT u.user_id, u.pos FROM updates u
              WHERE u.created_at < now() - make_interval(days => $1)
                AND u.pos < (SELECT max(x.pos) FROM updates x WHERE x.user_id = u.user_id)
              LIMIT $2),
           gone AS (DELETE FROM updates d USING doomed WHERE d.user_id = doomed.user_id AND d.pos = doomed.pos RETURNING 1)
           SELECT count(*)::int AS n FROM gone`,
          [this.env.UPDATES_KEEP_DAYS, BATCH],
        );
        return n;
      });
      if (deleted < 0) return total === 0 ? -1 : total;
      total += deleted;
      if (deleted < BATCH) break;
    }
    if (total) this.logger.info({ deleted: total, keepDays: this.env.UPDATES_KEEP_DAYS }, 'pruned old updates');
    return total;
  }
}
