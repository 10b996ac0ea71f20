import { DataSource, EntityManager } from 'typeorm';
import { queryRow } from '@app/common';
import { ChatMoneyEvents } from '@app/contracts';
import { BalanceChange } from '../../wallet/wallet-events';

export interface PayBillShareInput {
  splitId: string;
  userId: string;
  /** Derived from the split and the user: a share is paid in by one transfer at most. */
  shareTransferId: string;
  /** Derived from the bill, as payBill's: a bill is paid once whoever pays it. */
  billPaymentId: string;
  key: string;
  argsHash: string;
  /** The share's, the bill payment's, then one per share that may go back. */
  trackingCodes: string[];
  /** Which shard of the bill type's payable account the bill credits. */
  shard: number;
}

export type BillSharePaid = { replayOf: string } | { replayOf: null; changes: BalanceChange[] };

/**
 * Pays a share into its split, and the bill from the split when it was the
 * last (database/functions/pay_bill_share.sql). Raises PY001 (funds), PY002
 * (key), PYM01 (closed), PYM02 (not a sharer), PYM03 (no such split).
 */
export async function payBillShare(db: DataSource | EntityManager, input: PayBillShareInput): Promise<BillSharePaid> {
  const row = await queryRow<{ replayOf: string | null; changes: BalanceChange[] }>(
    db,
    `SELECT o_replay_of AS "replayOf", o_changes AS changes
       FROM pay_bill_share(p_split => $1, p_user => $2, p_share_transfer => $3, p_bill_payment => $4, p_key => $5,
                           p_args_hash => $6, p_trackings => $7::text[], p_shard => $8, p_subject => $9)`,
    [
      input.splitId,
      input.userId,
      input.shareTransferId,
      input.billPaymentId,
      input.key,
      input.argsHash,
      input.trackingCodes,
      input.shard,
      ChatMoneyEvents.Changed,
    ],
  );
  return row!.replayOf ? { replayOf: row!.replayOf } : { replayOf: null, changes: row!.changes };
}
