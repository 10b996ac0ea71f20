import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError, queryRow, queryRows } from '@app/common';

/**
 * Fixed-window counters in the database, so that every copy of the service
 * counts against the same limit. One statement increments and reads.
 */
@Injectable()
export class RateLimitService {
  /** Counts `amount` (default one) against the window; past the limit, RATE_LIMITED (roll back to not count it). */
  async hit(db: EntityManager, key: string, limit: number, windowSeconds: number, amount = 1): Promise<void> {
    const row = (await queryRow<{ count: number; remaining: number }>(
      db,
      `INSERT INTO rate_counters (key, window_start, count)
       VALUES ($1, to_timestamp(floor(extract(epoch FROM now()) / $2) * $2), $3)
       ON CONFLICT (key, window_start) DO UPDATE SET count = rate_counters.count + $3
       RETURNING count, extract(epoch FROM (window_start + make_interval(secs => $2) - now()))::float AS remaining`,
      [key, windowSeconds, amount],
    ))!;
    if (row.count > limit) throw DomainError.rateLimited(row.remaining);
  }

  /** Old windows are dead weight; dropped now and then. */
  async prune(db: EntityManager): Promise<void> {
    await queryRows<never>(db, `DELETE FROM rate_counters WHERE window_start < now() - interval '1 day'`);
  }
}
