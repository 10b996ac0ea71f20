import { DataSource, EntityManager } from 'typeorm';
import { queryRow } from '@app/common';

export interface RequestPayoutInput {
  /** Derived from the user and the key, so a retry names the same payout. */
  id: string;
  viewerId: string;
  bankAccountId: string;
  amount: bigint;
  fee: bigint;
  key: string;
  argsHash: string;
  trackingCode: string;
  /** Per user and Tehran calendar day, summed over payouts not returned. */
  dailyLimit: bigint;
  provider: string;
  /** What the provider knows the payout by: its idempotency reference. */
  reference: string;
  shard: number;
  sendAfter: Date;
}

/** The key was used before with the same arguments: nothing moved, replayOf is the payout it named. */
export interface PayoutReplay {
  replayOf: string;
}

export interface PayoutHeld {
  replayOf: null;
  seq: string;
  createdAt: Date;
  walletId: string;
  balance: string;
  /** The bank account paid to, as stored. */
  iban: string;
  bankCode: string;
  ownerName: string | null;
  accountCreatedAt: Date;
  trackingCode: string;
}

/**
 * Holds amount + fee for a new payout (database/functions/request_payout.sql).
 * Raises PY001 (funds), PY002 (key), PY501 (no such bank account), PY502 (daily limit).
 */
export async function requestPayout(db: DataSource | EntityManager, input: RequestPayoutInput): Promise<PayoutReplay | PayoutHeld> {
  const row = await queryRow<PayoutReplay | PayoutHeld>(
    db,
    `SELECT o_replay_of AS "replayOf", o_seq AS seq, o_created_at AS "createdAt", o_wallet AS "walletId", o_balance AS balance,
            o_iban AS iban, o_bank_code AS "bankCode", o_owner_name AS "ownerName", o_account_created_at AS "accountCreatedAt",
            $8::text AS "trackingCode"
       FROM request_payout(p_id => $1, p_user => $2, p_bank_account => $3, p_amount => $4, p_fee => $5,
                           p_key => $6, p_args_hash => $7, p_tracking => $8, p_daily_limit => $9,
                           p_provider => $10, p_reference => $11, p_shard => $12, p_send_after => $13)`,
    [
      input.id,
      input.viewerId,
      input.bankAccountId,
      input.amount.toString(),
      input.fee.toString(),
      input.key,
      input.argsHash,
      input.trackingCode,
      input.dailyLimit.toString(),
      input.provider,
      input.reference,
      input.shard,
      input.sendAfter,
    ],
  );
  return row!;
}
