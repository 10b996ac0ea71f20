import { DataSource, EntityManager } from 'typeorm';

export type Db = DataSource | EntityManager;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from clients as opaque strings; anything that is not one of ours is simply not found. */
export function isUuid(id: string | null | undefined): id is string {
  return typeof id === 'string' && UUID.test(id);
}

const RETRYABLE = new Set(['40P01', '40001']);

/**
 * Runs a transaction, again if PostgreSQL broke a deadlock or a serialization
 * conflict by aborting it: nothing of the aborted attempt was kept, so the
 * retry is the same request made once. Writers lock in one order (entity row,
 * then stream rows by user id), so this is a safety net, not a code path.
 */
export async function transaction<T>(ds: DataSource, work: (db: EntityManager) => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ds.transaction(work);
    } catch (err) {
      if (attempt >= attempts || !RETRYABLE.has((err as { code?: string }).code ?? '')) throw err;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 10));
    }
  }
}

export const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);
