import { DataSource, EntityManager } from 'typeorm';
import { queryRow } from '@app/common';
import { BillType, ChatMoneyEvents } from '@app/contracts';

export interface CreateBillSplitInput {
  /** Derived from the creator, the conversation and the clientId. */
  id: string;
  conversationId: string;
  creatorId: string;
  bill: { billId: string; paymentId: string; type: BillType; companyCode: string; amount: bigint };
  /** Each sharer with their share, in the order shown. */
  shares: Array<{ userId: string; amount: bigint }>;
  expiresAt: Date;
}

/** Stores a split, its shares and its first event (database/functions/create_bill_split.sql); false when it existed. Raises PY003. */
export async function createBillSplit(db: DataSource | EntityManager, input: CreateBillSplitInput): Promise<boolean> {
  const { bill } = input;
  const row = await queryRow<{ created: boolean }>(
    db,
    `SELECT o_created AS created FROM create_bill_split(p_id => $1, p_conversation => $2, p_creator => $3, p_bill => $4,
       p_payment => $5, p_type => $6, p_company => $7, p_amount => $8, p_users => $9::uuid[], p_amounts => $10::bigint[],
       p_expires_at => $11, p_subject => $12)`,
    [
      input.id,
      input.conversationId,
      input.creatorId,
      bill.billId,
      bill.paymentId,
      bill.type,
      bill.companyCode,
      bill.amount.toString(),
      input.shares.map((s) => s.userId),
      input.shares.map((s) => s.amount.toString()),
      input.expiresAt,
      ChatMoneyEvents.Changed,
    ],
  );
  return row!.created;
}
