import { DataSource, EntityManager } from 'typeorm';

/** Where a statement runs: the pool, or the transaction it is part of. */
export type Db = DataSource | EntityManager;

/** deadlock_detected, serialization_failure. */
const RETRYABLE = new Set(['40P01', '40001']);

/**
 * Runs work again if PostgreSQL broke a deadlock or a serialization conflict
 * by aborting it: nothing of the aborted attempt was kept, so the retry is the
 * same request made once. Writers lock in one order (entity row, then stream
 * locks by user), so this is a safety net, not a code path.
 */
export async function retryingAborts<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (attempt >= attempts || !RETRYABLE.has((err as { code?: string }).code ?? '')) throw err;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 10));
    }
  }
}

/** A transaction, run again when PostgreSQL aborted it to break a deadlock (see retryingAborts). */
export function transaction<T>(ds: DataSource, work: (db: EntityManager) => Promise<T>, attempts = 4): Promise<T> {
  return retryingAborts(() => ds.transaction(work), attempts);
}
