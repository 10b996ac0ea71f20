import { DataSource } from 'typeorm';
import { DomainError, queryRow } from '@app/common';
import { ErrorCode } from '@app/contracts';
import { IdempotentOperation } from '../database/functions/claim_idempotency_key.function';

interface IdempotencyKeyRow {
  operation: string;
  args_hash: string;
  ref_id: string;
}

/** Keys are the client's: trimmed, 1..256 characters. */
export function cleanKey(raw: string): string {
  const key = raw.trim();
  if (!key || key.length > 256) throw DomainError.badInput('idempotencyKey', 'An idempotency key is 1 to 256 characters');
  return key;
}

/**
 * The record a key already names, when it was used before with the same
 * arguments; IDEMPOTENCY_CONFLICT when with others. A read only, to answer a
 * retry without calling anyone: the posting functions claim the key again
 * (claim_idempotency_key) inside their own transaction, which is what makes a retry safe.
 */
export async function previousResult(
  ds: DataSource,
  viewerId: string,
  key: string,
  operation: IdempotentOperation,
  hash: string,
): Promise<string | null> {
  const row = await queryRow<IdempotencyKeyRow>(
    ds,
    `SELECT operation, args_hash, ref_id FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
    [viewerId, key],
  );
  if (!row) return null;
  if (row.operation !== operation || row.args_hash !== hash) {
    throw new DomainError(ErrorCode.IdempotencyConflict, 'This idempotency key was already used with different arguments');
  }
  return row.ref_id;
}
