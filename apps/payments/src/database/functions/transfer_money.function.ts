import { DataSource, EntityManager } from 'typeorm';
import { queryRow } from '@app/common';
import { PaymentsEvents, TransferCompletedEvent } from '@app/contracts';

export interface TransferMoneyInput {
  /** Derived from the sender and the key, so a retry names the same transfer. */
  id: string;
  viewerId: string;
  toUserId: string;
  amount: bigint;
  note: string | null;
  conversationId: string | null;
  key: string;
  argsHash: string;
  trackingCode: string;
  /** Per sender and Tehran calendar day. */
  dailyLimit: bigint;
  /** The chat's event; the function adds createdAt (the posting time). */
  event: Omit<TransferCompletedEvent, 'createdAt'>;
}

/** The key was used before with the same arguments: nothing moved, replayOf is the transfer it named. */
export interface TransferReplay {
  replayOf: string;
}

export interface TransferPosted {
  replayOf: null;
  seq: string;
  createdAt: Date;
  fromWalletId: string;
  fromBalance: string;
  toWalletId: string;
  toBalance: string;
  trackingCode: string;
}

/**
 * Moves money between two wallets in one call (database/functions/transfer_money.sql):
 * the key, the daily limit, the leg, the transfer record and its outbox event.
 * Raises PY001 (funds), PY002 (key), PY004 (daily limit).
 */
export async function transferMoney(db: DataSource | EntityManager, input: TransferMoneyInput): Promise<TransferReplay | TransferPosted> {
  const row = await queryRow<TransferReplay | TransferPosted>(
    db,
    `SELECT o_replay_of AS "replayOf", o_seq AS seq, o_created_at AS "createdAt", o_from_wallet AS "fromWalletId",
            o_from_balance AS "fromBalance", o_to_wallet AS "toWalletId", o_to_balance AS "toBalance", $9::text AS "trackingCode"
       FROM transfer_money(p_id => $1, p_from => $2, p_to => $3, p_amount => $4, p_note => $5, p_conversation => $6,
                           p_key => $7, p_args_hash => $8, p_tracking => $9, p_daily_limit => $10,
                           p_event_subject => $11, p_event => $12)`,
    [
      input.id,
      input.viewerId,
      input.toUserId,
      input.amount.toString(),
      input.note,
      input.conversationId,
      input.key,
      input.argsHash,
      input.trackingCode,
      input.dailyLimit.toString(),
      PaymentsEvents.TransferCompleted,
      JSON.stringify(input.event),
    ],
  );
  return row!;
}
