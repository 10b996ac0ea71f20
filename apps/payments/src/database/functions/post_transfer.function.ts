import { DataSource, EntityManager } from 'typeorm';
import { queryRow } from '@app/common';

/** A wallet, named by its owner; or a platform account, named by code and shard. */
export type LedgerAccount = { userId: string } | { code: string; shard: number };

/** Payouts: the wallet's hold, the settlement (and fee) at the bank, the money given back. */
export type PayoutTransferKind = 'PAYOUT' | 'PAYOUT_SETTLED' | 'PAYOUT_RETURNED';
export type TransferKind = 'TOP_UP' | 'TRANSFER' | 'BILL_PAYMENT' | 'REFUND' | 'BILL_SHARE' | 'BILL_SHARE_RETURNED' | PayoutTransferKind;

export interface PostTransferInput {
  id: string;
  /** Legs that commit together share a batch; a single leg is its own. */
  batchId?: string;
  kind: TransferKind;
  /** The business record (top-up, transfer, bill payment) the leg belongs to. */
  refId: string | null;
  trackingCode: string;
  amount: bigint;
  debit: LedgerAccount;
  credit: LedgerAccount;
  /** The transfer this one corrects (posted transfers never change). */
  reversesId?: string | null;
}

export interface PostedTransfer {
  seq: string;
  createdAt: Date;
  debitAccountId: string;
  debitBalance: string;
  creditAccountId: string;
  creditBalance: string;
}

/**
 * Posts one leg (database/functions/post_transfer.sql). Raises PY001 when a
 * wallet cannot afford the debit; the money functions call it inside their
 * own transaction, so this wrapper is for corrections and tests.
 */
export async function postTransfer(db: DataSource | EntityManager, input: PostTransferInput): Promise<PostedTransfer> {
  const debit = accountParams(input.debit);
  const credit = accountParams(input.credit);
  const row = await queryRow<PostedTransfer>(
    db,
    `SELECT o_seq AS seq, o_created_at AS "createdAt", o_debit_account AS "debitAccountId", o_debit_balance AS "debitBalance",
            o_credit_account AS "creditAccountId", o_credit_balance AS "creditBalance"
       FROM post_transfer(p_id => $1, p_batch => $2, p_kind => $3, p_ref => $4, p_tracking => $5, p_amount => $6,
                          p_debit_user => $7, p_debit_code => $8, p_debit_shard => $9,
                          p_credit_user => $10, p_credit_code => $11, p_credit_shard => $12, p_reverses => $13)`,
    [
      input.id,
      input.batchId ?? input.id,
      input.kind,
      input.refId,
      input.trackingCode,
      input.amount.toString(),
      ...debit,
      ...credit,
      input.reversesId ?? null,
    ],
  );
  return row!;
}

function accountParams(account: LedgerAccount): [string | null, string | null, number | null] {
  return 'userId' in account ? [account.userId, null, null] : [null, account.code, account.shard];
}
