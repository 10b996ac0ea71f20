import { DataSource, EntityManager } from 'typeorm';
import { queryRow } from '@app/common';
import { ChatMoneyEvents } from '@app/contracts';
import { BalanceChange } from '../../wallet/wallet-events';

export type SplitCloseReason = 'CANCELLED' | 'EXPIRED' | 'PAID_ELSEWHERE';

export interface CancelBillSplitInput {
  splitId: string;
  /** The creator cancelling; null when the platform closes it (expiry, the bill paid some other way). */
  userId: string | null;
  reason: SplitCloseReason;
  /** One per share that may go back (at least as many as the split has shares). */
  trackingCodes: string[];
}

/**
 * Cancels a collecting split and returns every share paid in, one transfer
 * each, in one transaction (database/functions/cancel_bill_split.sql and
 * close_bill_split.sql). Raises PYM01 (closed), PYM02 (not the creator),
 * PYM03 (no such split). Returns the wallets credited.
 */
export async function cancelBillSplit(db: DataSource | EntityManager, input: CancelBillSplitInput): Promise<BalanceChange[]> {
  const row = await queryRow<{ changes: BalanceChange[] }>(
    db,
    `SELECT o_changes AS changes FROM cancel_bill_split(p_split => $1, p_user => $2, p_reason => $3, p_trackings => $4::text[],
       p_subject => $5)`,
    [input.splitId, input.userId, input.reason, input.trackingCodes, ChatMoneyEvents.Changed],
  );
  return row!.changes;
}
