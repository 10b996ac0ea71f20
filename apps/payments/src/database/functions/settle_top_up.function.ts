import { DataSource, EntityManager } from 'typeorm';
import { queryRow } from '@app/common';
import { TopUpStatus } from '@app/contracts';

export interface SettleTopUpInput {
  topUpId: string;
  /** The terminal state to move to from PENDING. */
  status: Exclude<TopUpStatus, 'PENDING'>;
  bankReference: string | null;
  cardPan: string | null;
  /** Why it failed or expired. */
  reason: string | null;
  /** The credit's id, derived from the top-up so that it is posted once. */
  transferId: string;
  trackingCode: string;
  /** Which shard of the bank's clearing account it debits. */
  shard: number;
}

export interface TopUpSettlement {
  /** False when the top-up had already ended (status is how it ended); nothing changed then. */
  changed: boolean;
  status: TopUpStatus;
  userId: string;
  /** The credit, when this call succeeded the top-up. */
  seq: string | null;
  walletId: string | null;
  balance: string | null;
}

/**
 * Ends a PENDING top-up once (database/functions/settle_top_up.sql), and on
 * SUCCEEDED credits the wallet from the bank's clearing account, for the
 * amount recorded when the top-up started.
 */
export async function settleTopUp(db: DataSource | EntityManager, input: SettleTopUpInput): Promise<TopUpSettlement> {
  const row = await queryRow<TopUpSettlement>(
    db,
    `SELECT o_changed AS changed, o_status AS status, o_user AS "userId", o_seq AS seq, o_wallet AS "walletId", o_balance AS balance
       FROM settle_top_up(p_top_up => $1, p_status => $2, p_bank_reference => $3, p_card_pan => $4, p_reason => $5,
                          p_transfer => $6, p_tracking => $7, p_shard => $8)`,
    [input.topUpId, input.status, input.bankReference, input.cardPan, input.reason, input.transferId, input.trackingCode, input.shard],
  );
  return row!;
}
