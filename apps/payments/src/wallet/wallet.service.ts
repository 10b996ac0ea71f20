import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRow, queryRows } from '@app/common';
import { BillType, TransactionKind, TransactionPage, TransactionView, WalletView } from '@app/contracts';
import { BILL_TYPE_NAMES } from '../bills/bill-rules';
import { decodeCursor, encodeCursor, NO_CURSOR } from '../ledger/cursor';

interface LegRow {
  id: string;
  seq: string;
  kind: 'TOP_UP' | 'TRANSFER' | 'BILL_PAYMENT' | 'REFUND';
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

@Injectable()
export class WalletService {
  constructor(private readonly ds: DataSource) {}

  /** The user's wallet, created on first use. */
  async get(userId: string): Promise<WalletView> {
    let row = await queryRow(this.ds, `SELECT id, balance FROM accounts WHERE user_id = $1`, [userId]);
    if (!row) {
      await queryRows(this.ds, `INSERT INTO accounts (kind, user_id) VALUES ('WALLET', $1) ON CONFLICT (user_id) DO NOTHING`, [userId]);
      row = await queryRow(this.ds, `SELECT id, balance FROM accounts WHERE user_id = $1`, [userId]);
    }
    return { id: row.id, balance: String(row.balance), currency: 'IRR' };
  }

  /**
   * The wallet's ledger entries, newest first: each transfer that debited or
   * credited it, with the balance it left (recorded when it was posted).
   */
  async transactions(userId: string, first: number, after?: string | null): Promise<TransactionPage> {
    const before = decodeCursor(after) ?? NO_CURSOR;
    const rows = await queryRows<LegRow>(
      this.ds,
      `WITH w AS (SELECT id FROM accounts WHERE user_id = $1),
       legs AS (
         (SELECT t.*, true AS outgoing, t.debit_balance_after AS balance_after FROM transfers t, w
           WHERE t.debit_account_id = w.id AND t.seq < $2 ORDER BY t.seq DESC LIMIT $3)
         UNION ALL
         (SELECT t.*, false, t.credit_balance_after FROM transfers t, w
           WHERE t.credit_account_id = w.id AND t.seq < $2 ORDER BY t.seq DESC LIMIT $3))
       SELECT l.id, l.seq, l.kind, l.outgoing, l.amount, l.balance_after, l.tracking_code, l.created_at,
              pt.from_user_id, pt.to_user_id, pt.note,
              bp.id AS bp_id, bp.bill_id, bp.payment_id, bp.bill_type
         FROM legs l
         LEFT JOIN payment_transfers pt ON l.kind = 'TRANSFER' AND pt.id = l.ref_id
         LEFT JOIN bill_payments bp ON l.kind = 'BILL_PAYMENT' AND bp.id = l.ref_id
        ORDER BY l.seq DESC LIMIT $3`,
      [userId, before, first + 1],
    );
    const page = rows.slice(0, first);
    return {
      edges: page.map((row) => ({ node: toTransaction(row, userId), cursor: encodeCursor(row.seq) })),
      pageInfo: {
        hasNextPage: rows.length > first,
        hasPreviousPage: Boolean(after),
        startCursor: page.length ? encodeCursor(page[0].seq) : null,
        endCursor: page.length ? encodeCursor(page[page.length - 1].seq) : null,
      },
    };
  }
}

function toTransaction(row: LegRow, userId: string): TransactionView {
  const kind: TransactionKind = row.kind === 'TRANSFER' ? (row.outgoing ? 'TRANSFER_OUT' : 'TRANSFER_IN') : row.kind;
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

function describe(row: LegRow): string | null {
  switch (row.kind) {
    case 'TOP_UP':
      return 'افزایش موجودی از درگاه بانکی';
    case 'TRANSFER':
      return row.note;
    case 'BILL_PAYMENT':
      return row.bill_type ? `پرداخت قبض ${BILL_TYPE_NAMES[row.bill_type]}` : 'پرداخت قبض';
    case 'REFUND':
      return 'بازگشت وجه';
  }
}
