import { BillType, TransactionKind, TransactionView } from '@app/contracts';
import { BILL_TYPE_NAMES } from '../bills/bill.rules';
import { TransferKind } from '../database/functions/post_transfer.function';

/** One ledger transfer as one wallet saw it, with the record it belongs to (a transfer or a bill payment). */
export interface TransactionRow {
  id: string;
  seq: string;
  kind: TransferKind;
  /** The wallet was debited (else credited). */
  outgoing: boolean;
  amount: string;
  balance_after: string;
  tracking_code: string;
  created_at: Date;
  from_user_id: string | null;
  to_user_id: string | null;
  note: string | null;
  bp_id: string | null;
  bill_id: string | null;
  payment_id: string | null;
  bill_type: BillType | null;
}

/** The row as its wallet's owner (userId) sees it. */
export function toTransactionView(row: TransactionRow, userId: string): TransactionView {
  const kind: TransactionKind = row.kind === 'TRANSFER' ? (row.outgoing ? 'TRANSFER_OUT' : 'TRANSFER_IN') : walletKind(row.kind);
  const counterpartyId = row.kind === 'TRANSFER' ? (row.from_user_id === userId ? row.to_user_id : row.from_user_id) : null;
  return {
    id: row.id,
    kind,
    amount: String(row.amount),
    balanceAfter: String(row.balance_after),
    trackingCode: row.tracking_code,
    description: describe(row),
    counterpartyId,
    billPayment: row.bp_id
      ? {
          id: row.bp_id,
          billId: row.bill_id!,
          paymentId: row.payment_id!,
          type: row.bill_type!,
          amount: String(row.amount),
          trackingCode: row.tracking_code,
          paidAt: new Date(row.created_at).toISOString(),
        }
      : null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

function describe(row: TransactionRow): string | null {
  switch (row.kind) {
    case 'TOP_UP':
      return 'افزایش موجودی از درگاه بانکی';
    case 'TRANSFER':
      return row.note;
    case 'BILL_PAYMENT':
      return row.bill_type ? `پرداخت قبض ${BILL_TYPE_NAMES[row.bill_type]}` : 'پرداخت قبض';
    case 'REFUND':
      return 'بازگشت وجه';
    case 'PAYOUT':
    case 'PAYOUT_SETTLED':
      return 'برداشت به حساب بانکی';
    case 'PAYOUT_RETURNED':
      return 'بازگشت وجه برداشت انجام‌نشده';
    case 'BILL_SHARE':
      return 'سهم قبض مشترک';
    case 'BILL_SHARE_RETURNED':
      return 'بازگشت سهم قبض مشترک';
  }
}

/** PAYOUT_SETTLED moves money between platform accounts only: a wallet never shows it. */
function walletKind(kind: Exclude<TransferKind, 'TRANSFER'>): TransactionKind {
  return kind === 'PAYOUT_SETTLED' ? 'PAYOUT' : kind;
}
