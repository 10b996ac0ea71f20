import { TransferView } from '@app/contracts';

/** A money transfer between two wallets, with its ledger entry's tracking code. */
export interface TransferRow {
  id: string;
  from_user_id: string;
  to_user_id: string;
  amount: string;
  note: string | null;
  conversation_id: string | null;
  tracking_code: string;
  created_at: Date;
}

export const SELECT_TRANSFERS = `SELECT pt.id, pt.from_user_id, pt.to_user_id, pt.amount, pt.note, pt.conversation_id, pt.created_at, t.tracking_code
  FROM payment_transfers pt JOIN transfers t ON t.id = pt.id`;

export function toTransferView(row: TransferRow): TransferView {
  return {
    id: row.id,
    fromUserId: row.from_user_id,
    toUserId: row.to_user_id,
    amount: String(row.amount),
    note: row.note,
    trackingCode: row.tracking_code,
    conversationId: row.conversation_id,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
