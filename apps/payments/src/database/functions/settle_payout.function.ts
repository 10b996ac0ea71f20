import { DataSource, EntityManager } from 'typeorm';
import { queryRow } from '@app/common';

export type PayoutEnd = 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface SettlePayoutInput {
  payoutId: string;
  status: PayoutEnd;
  bankReference: string | null;
  reason: string | null;
  /** Only while never handed to the provider (a cancel). */
  unsentOnly: boolean;
  /** The settlement's (or the return's) transfer, and the fee's: ids derived from the payout. */
  transferId: string;
  trackingCode: string;
  feeTransferId: string;
  feeTrackingCode: string;
}

export interface SettledPayout {
  /** False when the payout had already ended (or, with unsentOnly, was already sent): nothing moved. */
  changed: boolean;
  status: string;
  userId: string;
  /** On a return: the wallet credited, its balance and the transfer's seq. */
  seq: string | null;
  walletId: string | null;
  balance: string | null;
}

/** Ends a payout once (database/functions/settle_payout.sql); posts the settlement or the return in the same transaction. */
export async function settlePayout(db: DataSource | EntityManager, input: SettlePayoutInput): Promise<SettledPayout> {
  const row = await queryRow<SettledPayout>(
    db,
    `SELECT o_changed AS changed, o_status AS status, o_user AS "userId", o_seq AS seq, o_wallet AS "walletId", o_balance AS balance
       FROM settle_payout(p_payout => $1, p_status => $2, p_bank_reference => $3, p_reason => $4, p_unsent_only => $5,
                          p_transfer => $6, p_tracking => $7, p_fee_transfer => $8, p_fee_tracking => $9)`,
    [
      input.payoutId,
      input.status,
      input.bankReference,
      input.reason,
      input.unsentOnly,
      input.transferId,
      input.trackingCode,
      input.feeTransferId,
      input.feeTrackingCode,
    ],
  );
  return row!;
}
