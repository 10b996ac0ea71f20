import { Db } from '../transaction';

export interface LockStreamsParams {
  /** Users whose update streams the transaction will append to (repeats are fine). */
  userIds: string[];
}

/**
 * lock_streams (lock_streams.sql): takes these users' stream locks until the
 * transaction ends. Only inside a transaction, after its entity lock.
 */
export async function lockStreams(db: Db, p: LockStreamsParams): Promise<void> {
  await db.query(`SELECT lock_streams($1::uuid[])`, [p.userIds]);
}
