import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, isUuid, queryRow, queryRows } from '@app/common';
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
import { BillSplitSweeper } from '../chat-money/bill-split.sweeper';
import { MessagingClient } from '../clients/messaging.client';
import { PaymentsEnv } from '../config/payments.env';
import { payBill } from '../database/functions/pay_bill.function';
import { decodeCursor, NO_CURSOR, pageBySeq } from '../ledger/cursor';
import { argsHash, derivedId, newTrackingCode, refIds, shardOf } from '../ledger/ids';
import { cleanKey, previousResult } from '../ledger/idempotency';
import { withTrackingCode } from '../ledger/sql-errors';
import { OutboxRelay } from '../outbox/outbox.relay';
import { WalletEvents } from '../wallet/wallet-events';
import { BILL_PAYMENT_COLUMNS, BillPaymentRow, toBillPaymentView } from './bill-payment.row';
import { Bill, parseBarcode, parseBill } from './bill.rules';

@Injectable()
export class BillService {
  private readonly maxRials: bigint;

  constructor(
    private readonly ds: DataSource,
    private readonly env: PaymentsEnv,
    private readonly messaging: MessagingClient,
    private readonly wallets: WalletEvents,
    private readonly outbox: OutboxRelay,
    private readonly splits: BillSplitSweeper,
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
    if (conversationId && !isUuid(conversationId)) throw DomainError.notFound('No such conversation');
    const hash = argsHash('payBill', { billId: bill.billId, paymentId: bill.paymentId, conversationId });
    const id = derivedId('bill', bill.billId, bill.paymentId);

    if (conversationId) {
      // Only a receipt shared in a chat needs messaging; answer retries before asking it.
      const previous = await previousResult(this.ds, input.viewerId, key, 'payBill', hash);
      if (previous) return this.one(previous);
      if (!(await this.messaging.isMember(conversationId, input.viewerId))) {
        throw DomainError.forbidden('You are not a member of this conversation');
      }
    }
    const event: Omit<BillPaidEvent, 'createdAt'> | null = conversationId
      ? { eventId: `bill-paid:${id}`, billPaymentId: id, userId: input.viewerId, conversationId }
      : null;
    const posted = await withTrackingCode(
      (trackingCode) =>
        payBill(this.ds, {
          id,
          viewerId: input.viewerId,
          key,
          argsHash: hash,
          bill,
          trackingCode,
          shard: shardOf(id, this.env.PLATFORM_ACCOUNT_SHARDS),
          conversationId,
          event,
        }),
      newTrackingCode,
    );
    if (posted.replayOf !== null) return this.one(posted.replayOf);
    if (event) this.outbox.nudge();
    // A split of this bill still collecting can no longer pay it: its shares go back. (A sweep
    // scans every collecting split and renews the sweeper's lease: not something to run per payment.)
    if (posted.splitCollecting) this.splits.poke();
    this.wallets.changed({
      userId: input.viewerId,
      walletId: posted.walletId,
      balance: String(posted.balance),
      version: String(posted.seq),
    });
    return {
      id,
      billId: bill.billId,
      paymentId: bill.paymentId,
      type: bill.type,
      amount: bill.amount.toString(),
      trackingCode: posted.trackingCode,
      paidAt: new Date(posted.paidAt).toISOString(),
    };
  }

  async list(input: ListBillPaymentsRequest): Promise<BillPaymentPage> {
    const before = decodeCursor(input.after) ?? NO_CURSOR;
    const rows = await queryRows<BillPaymentRow>(
      this.ds,
      `SELECT ${BILL_PAYMENT_COLUMNS} FROM bill_payments WHERE user_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3`,
      [input.viewerId, before, input.first + 1],
    );
    return pageBySeq(rows, input.first, input.after, toBillPaymentView);
  }

  /** Receipts as one viewer may see them: the payer, or anyone reading it in the chat it was shared in. */
  async getMany(input: GetPaymentRefsRequest): Promise<Array<BillPaymentView | null>> {
    const ids = refIds(input.refs);
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
    const paid = await queryRow<{ paid: number }>(this.ds, `SELECT 1 AS paid FROM bill_payments WHERE bill_id = $1 AND payment_id = $2`, [
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
