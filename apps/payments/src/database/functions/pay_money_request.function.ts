import { DataSource, EntityManager } from 'typeorm';
import { queryRow } from '@app/common';
import { ChatMoneyEvents } from '@app/contracts';

export interface PayMoneyRequestInput {
  requestId: string;
  payerId: string;
  /** Derived from the request: it is paid by one transfer at most. */
  transferId: string;
  key: string;
  argsHash: string;
  trackingCode: string;
  /** Per payer and Tehran calendar day, shared with transfers. */
  dailyLimit: bigint;
}

export type MoneyRequestPaid =
  | { replayOf: string }
  | {
      replayOf: null;
      seq: string;
      fromWalletId: string;
      fromBalance: string;
      toUserId: string;
      toWalletId: string;
      toBalance: string;
    };

/**
 * Pays a money request in one call (database/functions/pay_money_request.sql).
 * Raises PY001 (funds), PY002 (key), PY004 (daily limit), PYM01 (closed),
 * PYM02 (not the payer), PYM03 (no such request).
 */
export async function payMoneyRequest(db: DataSource | EntityManager, input: PayMoneyRequestInput): Promise<MoneyRequestPaid> {
  const row = await queryRow<MoneyRequestPaid>(
    db,
    `SELECT o_replay_of AS "replayOf", o_seq AS seq, o_from_wallet AS "fromWalletId", o_from_balance AS "fromBalance",
            o_to_user AS "toUserId", o_to_wallet AS "toWalletId", o_to_balance AS "toBalance"
       FROM pay_money_request(p_request => $1, p_payer => $2, p_transfer => $3, p_key => $4, p_args_hash => $5,
                              p_tracking => $6, p_daily_limit => $7, p_subject => $8)`,
    [
      input.requestId,
      input.payerId,
      input.transferId,
      input.key,
      input.argsHash,
      input.trackingCode,
      input.dailyLimit.toString(),
      ChatMoneyEvents.Changed,
    ],
  );
  return row!;
}
