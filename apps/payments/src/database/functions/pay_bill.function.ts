import { DataSource, EntityManager } from 'typeorm';
import { queryRow } from '@app/common';
import { BillPaidEvent, BillType, PaymentsEvents } from '@app/contracts';

export interface PayBillInput {
  /** Derived from the bill, so a bill is paid once whoever pays it. */
  id: string;
  viewerId: string;
  key: string;
  argsHash: string;
  bill: { billId: string; paymentId: string; type: BillType; companyCode: string; amount: bigint };
  trackingCode: string;
  /** Which shard of the bill type's payable account it credits. */
  shard: number;
  conversationId: string | null;
  /** The chat's event when the receipt is shared in one; the function adds createdAt. */
  event: Omit<BillPaidEvent, 'createdAt'> | null;
}

/** The key was used before with the same arguments: nothing moved, replayOf is the payment it named. */
export interface BillReplay {
  replayOf: string;
}

export interface BillPosted {
  replayOf: null;
  seq: string;
  paidAt: Date;
  walletId: string;
  balance: string;
  trackingCode: string;
  /**
   * Whether a split of this bill was collecting when the payment was made
   * (its shares must now go back: the sweeper closes it). Read in the same
   * statement, so it costs no round trip; a split made meanwhile is closed by
   * the sweeper's next tick.
   */
  splitCollecting: boolean;
}

/**
 * Pays a bill from the wallet in one call (database/functions/pay_bill.sql):
 * the key, the bill once, the leg and the outbox event if any. Raises PY001
 * (funds), PY002 (key), PY003 (paid before).
 */
export async function payBill(db: DataSource | EntityManager, input: PayBillInput): Promise<BillReplay | BillPosted> {
  const { bill } = input;
  const row = await queryRow<BillReplay | BillPosted>(
    db,
    `SELECT o_replay_of AS "replayOf", o_seq AS seq, o_paid_at AS "paidAt", o_wallet AS "walletId", o_balance AS balance,
            $10::text AS "trackingCode",
            o_replay_of IS NULL AND EXISTS (SELECT 1 FROM bill_splits s WHERE s.bill_id = $5 AND s.payment_id = $6 AND s.status = 'COLLECTING')
              AS "splitCollecting"
       FROM pay_bill(p_id => $1, p_user => $2, p_key => $3, p_args_hash => $4, p_bill => $5, p_payment => $6, p_type => $7,
                     p_company => $8, p_amount => $9, p_tracking => $10, p_shard => $11, p_conversation => $12,
                     p_event_subject => $13, p_event => $14)`,
    [
      input.id,
      input.viewerId,
      input.key,
      input.argsHash,
      bill.billId,
      bill.paymentId,
      bill.type,
      bill.companyCode,
      bill.amount.toString(),
      input.trackingCode,
      input.shard,
      input.conversationId,
      PaymentsEvents.BillPaid,
      input.event && JSON.stringify(input.event),
    ],
  );
  return row!;
}
