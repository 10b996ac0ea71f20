import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, queryRow, queryRows } from '@app/common';
import {
  BillInfoView,
  BillPaidEvent,
  BillPaymentPage,
  BillPaymentView,
  ErrorCode,
  GetPaymentRefsRequest,
  ListBillPaymentsRequest,
  PayBillRequest,
} from '@app/contracts';
import { PaymentsEnv } from '../config/payments.env';
import { decodeCursor, encodeCursor, NO_CURSOR } from '../ledger/cursor';
import { argsHash, derivedId, newTrackingCode, shardOf, UUID } from '../ledger/ids';
import { cleanKey, previousResult } from '../ledger/idempotency';
import { withTrackingCode } from '../ledger/sql-errors';
import { OutboxRelay } from '../outbox/outbox.relay';
import { MessagingClient } from '../transfers/messaging.client';
import { WalletEvents } from '../wallet/wallet-events';
import { BILL_PAYMENT_COLUMNS, BillPaymentRow, toBillPaymentView } from './bill-payment.row';
import { Bill, parseBarcode, parseBill } from './bill-rules';

@Injectable()
export class BillService {
  private readonly maxRials: bigint;

  constructor(
    private readonly ds: DataSource,
    private readonly env: PaymentsEnv,
    private readonly messaging: MessagingClient,
    private readonly wallets: WalletEvents,
    private readonly outbox: OutboxRelay,
  ) {
    this.maxRials = BigInt(env.BILL_MAX_RIALS);
  }

  inspect(billId: string, paymentId: string): Promise<BillInfoView> {
    return this.info(parseBill(billId, paymentId, this.maxRials));
  }

  decode(barcode: string): Promise<BillInfoView> {
    return this.info(parseBarcode(barcode, this.maxRials));
  }

  /**
   * Pays a bill from the wallet into its type's payable account, in one
   * database call. A bill is paid once (a unique index on the pair, and an id
   * derived from it); a retry with the same key returns the first receipt.
   */
  async pay(input: PayBillRequest): Promise<BillPaymentView> {
    const bill = parseBill(input.billId, input.paymentId, this.maxRials);
    const key = cleanKey(input.idempotencyKey);
    const conversationId = input.conversationId ?? null;
    if (conversationId && !UUID.test(conversationId)) throw DomainError.notFound('No such conversation');
    const hash = argsHash('payBill', { billId: bill.billId, paymentId: bill.paymentId, conversationId });
    const id = derivedId('bill', bill.billId, bill.paymentId);

    if (conversationId) {
      // Only a receipt shared in a chat needs messaging; answer retries before asking it.
      const previous = await previousResult(this.ds, input.userId, key, 'payBill', hash);
      if (previous) return this.one(previous);
      if (!(await this.messaging.isMember(conversationId, input.userId))) {
        throw DomainError.forbidden('You are not a member of this conversation');
      }
    }
    const event: Omit<BillPaidEvent, 'createdAt'> | null = conversationId
      ? { eventId: `bill-paid:${id}`, billPaymentId: id, userId: input.userId, conversationId }
      : null;
    const posted = await withTrackingCode(
      (tracking) =>
        queryRow(
          this.ds,
          `SELECT o_replay_of, o_seq, o_paid_at, o_wallet, o_balance, $10::text AS tracking_code
         FROM pay_bill($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
          [
            id,
            input.userId,
            key,
            hash,
            bill.billId,
            bill.paymentId,
            bill.type,
            bill.companyCode,
            bill.amount.toString(),
            tracking,
            shardOf(id, this.env.PLATFORM_ACCOUNT_SHARDS),
            conversationId,
            event && JSON.stringify(event),
          ],
        ),
      newTrackingCode,
    );
    if (posted.o_replay_of) return this.one(posted.o_replay_of);
    if (event) this.outbox.nudge();
    this.wallets.changed({
      userId: input.userId,
      walletId: posted.o_wallet,
      balance: String(posted.o_balance),
      version: String(posted.o_seq),
    });
    return {
      id,
      billId: bill.billId,
      paymentId: bill.paymentId,
      type: bill.type,
      amount: bill.amount.toString(),
      trackingCode: posted.tracking_code,
      paidAt: new Date(posted.o_paid_at).toISOString(),
    };
  }

  async list(input: ListBillPaymentsRequest): Promise<BillPaymentPage> {
    const before = decodeCursor(input.after) ?? NO_CURSOR;
    const rows = await queryRows<BillPaymentRow>(
      this.ds,
      `SELECT ${BILL_PAYMENT_COLUMNS} FROM bill_payments WHERE user_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3`,
      [input.userId, before, input.first + 1],
    );
    const page = rows.slice(0, input.first);
    return {
      edges: page.map((row) => ({ node: toBillPaymentView(row), cursor: encodeCursor(row.seq) })),
      pageInfo: {
        hasNextPage: rows.length > input.first,
        hasPreviousPage: Boolean(input.after),
        startCursor: page.length ? encodeCursor(page[0].seq) : null,
        endCursor: page.length ? encodeCursor(page[page.length - 1].seq) : null,
      },
    };
  }

  /** Receipts as one viewer may see them: the payer, or anyone reading it in the chat it was shared in. */
  async getMany(input: GetPaymentRefsRequest): Promise<Array<BillPaymentView | null>> {
    const ids = [...new Set(input.refs.map((r) => r?.id).filter((id): id is string => typeof id === 'string' && UUID.test(id)))];
    if (!ids.length) return input.refs.map(() => null);
    const rows = await queryRows<BillPaymentRow>(this.ds, `SELECT ${BILL_PAYMENT_COLUMNS} FROM bill_payments WHERE id = ANY($1::uuid[])`, [
      ids,
    ]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return input.refs.map((ref) => {
      const row = byId.get(ref?.id);
      if (!row) return null;
      const sharedHere = Boolean(ref.conversationId) && row.conversation_id === ref.conversationId;
      return row.user_id === input.viewerId || sharedHere ? toBillPaymentView(row) : null;
    });
  }

  private async info(bill: Bill): Promise<BillInfoView> {
    const paid = await queryRow(this.ds, `SELECT 1 FROM bill_payments WHERE bill_id = $1 AND payment_id = $2`, [
      bill.billId,
      bill.paymentId,
    ]);
    return {
      billId: bill.billId,
      paymentId: bill.paymentId,
      type: bill.type,
      amount: bill.amount.toString(),
      companyCode: bill.companyCode,
      alreadyPaid: Boolean(paid),
    };
  }

  private async one(id: string): Promise<BillPaymentView> {
    const row = await queryRow<BillPaymentRow>(this.ds, `SELECT ${BILL_PAYMENT_COLUMNS} FROM bill_payments WHERE id = $1`, [id]);
    if (!row) throw new DomainError(ErrorCode.Internal, 'bill payment record missing');
    return toBillPaymentView(row);
  }
}
