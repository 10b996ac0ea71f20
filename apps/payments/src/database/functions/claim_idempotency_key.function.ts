import { DataSource, EntityManager } from 'typeorm';
import { queryRow } from '@app/common';

/** The operations that take an idempotency key; a key names one operation's record. */
export type IdempotentOperation = 'transferMoney' | 'payBill' | 'startTopUp' | 'requestPayout' | 'payMoneyRequest' | 'payBillShare';

export interface ClaimIdempotencyKeyInput {
  viewerId: string;
  key: string;
  operation: IdempotentOperation;
  /** argsHash() of the call's arguments: the same key with other arguments is a conflict. */
  argsHash: string;
  /** The record this call will create. */
  refId: string;
}

/**
 * Claims a key (database/functions/claim_idempotency_key.sql): null when it
 * is new and now names refId, the record it named when it was used before
 * with the same arguments. Raises PY002 when it was used with others. Run it
 * in the transaction that creates the record, so a failure releases the key.
 */
export async function claimIdempotencyKey(db: DataSource | EntityManager, input: ClaimIdempotencyKeyInput): Promise<string | null> {
  const row = await queryRow<{ ref: string | null }>(
    db,
    `SELECT claim_idempotency_key(p_user => $1, p_key => $2, p_operation => $3, p_args_hash => $4, p_ref => $5) AS ref`,
    [input.viewerId, input.key, input.operation, input.argsHash, input.refId],
  );
  return row!.ref;
}
