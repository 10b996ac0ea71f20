import { BillShareView, BillSplitStatus, BillSplitView, BillType, MoneyRequestStatus, MoneyRequestView } from '@app/contracts';
import { BillPaymentRow, toBillPaymentView } from '../bills/bill-payment.row';
import { toTransferView, TransferRow } from '../transfers/transfer.row';

export interface MoneyRequestRow {
  id: string;
  conversation_id: string;
  requester_id: string;
  payer_id: string | null;
  amount: string;
  note: string | null;
  status: MoneyRequestStatus;
  paid_by: string | null;
  transfer_id: string | null;
  created_at: Date;
  closed_at: Date | null;
}

export const MONEY_REQUEST_COLUMNS = `id, conversation_id, requester_id, payer_id, amount, note, status, paid_by, transfer_id, created_at, closed_at`;

export interface BillSplitRow {
  id: string;
  conversation_id: string;
  created_by: string;
  bill_id: string;
  payment_id: string;
  bill_type: BillType;
  company_code: string;
  amount: string;
  status: BillSplitStatus;
  bill_payment_id: string | null;
  created_at: Date;
  /** Whether the bill has been paid, by this split or any other way. */
  bill_paid: boolean;
}

export const BILL_SPLIT_COLUMNS = `s.id, s.conversation_id, s.created_by, s.bill_id, s.payment_id, s.bill_type, s.company_code, s.amount,
  s.status, s.bill_payment_id, s.created_at,
  EXISTS (SELECT 1 FROM bill_payments bp WHERE bp.bill_id = s.bill_id AND bp.payment_id = s.payment_id) AS bill_paid`;

export interface BillShareRow {
  split_id: string;
  user_id: string;
  amount: string;
  paid_at: Date | null;
  returned: boolean;
}

export function toMoneyRequestView(row: MoneyRequestRow, transfer: TransferRow | undefined): MoneyRequestView {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    requesterId: row.requester_id,
    payerId: row.payer_id,
    amount: String(row.amount),
    note: row.note,
    status: row.status,
    paidById: row.paid_by,
    payment: transfer ? toTransferView(transfer) : null,
    createdAt: new Date(row.created_at).toISOString(),
    closedAt: row.closed_at ? new Date(row.closed_at).toISOString() : null,
  };
}

/** A split with its shares in their order; a returned share shows unpaid again. */
export function toBillSplitView(row: BillSplitRow, shares: BillShareRow[], payment: BillPaymentRow | undefined): BillSplitView {
  const views: BillShareView[] = shares.map((s) => ({
    userId: s.user_id,
    amount: String(s.amount),
    paidAt: s.paid_at && !s.returned ? new Date(s.paid_at).toISOString() : null,
  }));
  const collected = shares.filter((s) => s.paid_at && !s.returned).reduce((sum, s) => sum + BigInt(s.amount), 0n);
  return {
    id: row.id,
    conversationId: row.conversation_id,
    createdById: row.created_by,
    bill: {
      billId: row.bill_id,
      paymentId: row.payment_id,
      type: row.bill_type,
      amount: String(row.amount),
      companyCode: row.company_code,
      alreadyPaid: row.bill_paid,
    },
    shares: views,
    collected: collected.toString(),
    status: row.status,
    billPayment: payment ? toBillPaymentView(payment) : null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
