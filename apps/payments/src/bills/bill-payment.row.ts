import { BillPaymentView, BillType } from '@app/contracts';

export interface BillPaymentRow {
  id: string;
  seq: string;
  user_id: string;
  bill_id: string;
  payment_id: string;
  bill_type: BillType;
  amount: string;
  tracking_code: string;
  conversation_id: string | null;
  paid_at: Date;
}

export const BILL_PAYMENT_COLUMNS = `id, seq, user_id, bill_id, payment_id, bill_type, amount, tracking_code, conversation_id, paid_at`;

export function toBillPaymentView(row: BillPaymentRow): BillPaymentView {
  return {
    id: row.id,
    billId: row.bill_id,
    paymentId: row.payment_id,
    type: row.bill_type,
    amount: String(row.amount),
    trackingCode: row.tracking_code,
    paidAt: new Date(row.paid_at).toISOString(),
  };
}
