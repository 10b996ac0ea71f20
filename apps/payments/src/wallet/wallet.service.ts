import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRow, queryRows } from '@app/common';
import { TransactionPage, WalletView } from '@app/contracts';
import { decodeCursor, NO_CURSOR, pageBySeq } from '../ledger/cursor';
import { TransactionRow, toTransactionView } from './transaction.row';
import { toWalletView, WalletRow } from './wallet.row';

@Injectable()
export class WalletService {
  constructor(private readonly ds: DataSource) {}

  /** The viewer's wallet, created on first use. */
  async get(viewerId: string): Promise<WalletView> {
    let row = await queryRow<WalletRow>(this.ds, `SELECT id, balance FROM accounts WHERE user_id = $1`, [viewerId]);
    if (!row) {
      await queryRows<never>(this.ds, `INSERT INTO accounts (kind, user_id) VALUES ('WALLET', $1) ON CONFLICT (user_id) DO NOTHING`, [
        viewerId,
      ]);
      row = await queryRow<WalletRow>(this.ds, `SELECT id, balance FROM accounts WHERE user_id = $1`, [viewerId]);
    }
    return toWalletView(row!);
  }

  /**
   * The wallet's ledger entries, newest first: each transfer that debited or
   * credited it, with the balance it left (recorded when it was posted).
   */
  async transactions(viewerId: string, first: number, after?: string | null): Promise<TransactionPage> {
    const before = decodeCursor(after) ?? NO_CURSOR;
    const rows = await queryRows<TransactionRow>(
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
      [viewerId, before, first + 1],
    );
    return pageBySeq(rows, first, after, (row) => toTransactionView(row, viewerId));
  }
}
