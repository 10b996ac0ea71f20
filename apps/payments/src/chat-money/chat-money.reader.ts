import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, queryRows } from '@app/common';
import { BillSplitView, GetPaymentRefsRequest, MoneyRequestView, PaymentRef } from '@app/contracts';
import { BILL_PAYMENT_COLUMNS, BillPaymentRow } from '../bills/bill-payment.row';
import { MessagingClient } from '../clients/messaging.client';
import { refIds } from '../ledger/ids';
import { SELECT_TRANSFERS, TransferRow } from '../transfers/transfer.row';
import {
  BILL_SPLIT_COLUMNS,
  BillShareRow,
  BillSplitRow,
  MONEY_REQUEST_COLUMNS,
  MoneyRequestRow,
  toBillSplitView,
  toMoneyRequestView,
} from './chat-money.row';

/**
 * Money requests and bill splits as one viewer may see them. Their parties
 * (the requester, the payer asked, who paid; a split's sharers) always do,
 * even after leaving the conversation; anyone else reading the message in
 * its conversation (messaging has checked that they may), or a current
 * member asking by id.
 */
@Injectable()
export class ChatMoneyReader {
  constructor(
    private readonly ds: DataSource,
    private readonly messaging: MessagingClient,
  ) {}

  async requests(input: GetPaymentRefsRequest): Promise<Array<MoneyRequestView | null>> {
    const ids = refIds(input.refs);
    if (!ids.length) return input.refs.map(() => null);
    const rows = await queryRows<MoneyRequestRow>(
      this.ds,
      `SELECT ${MONEY_REQUEST_COLUMNS} FROM money_requests WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    const transferIds = rows.map((r) => r.transfer_id).filter((id): id is string => !!id);
    const transfers = transferIds.length
      ? await queryRows<TransferRow>(this.ds, `${SELECT_TRANSFERS} WHERE pt.id = ANY($1::uuid[])`, [transferIds])
      : [];
    const byTransfer = new Map(transfers.map((t) => [t.id, t]));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return this.visible(input.viewerId, input.refs, byId, (row) =>
      [row.requester_id, row.payer_id, row.paid_by].includes(input.viewerId) ? 'party' : 'other',
    ).then((list) => list.map((row) => row && toMoneyRequestView(row, row.transfer_id ? byTransfer.get(row.transfer_id) : undefined)));
  }

  async splits(input: GetPaymentRefsRequest): Promise<Array<BillSplitView | null>> {
    const ids = refIds(input.refs);
    if (!ids.length) return input.refs.map(() => null);
    const rows = await queryRows<BillSplitRow>(this.ds, `SELECT ${BILL_SPLIT_COLUMNS} FROM bill_splits s WHERE s.id = ANY($1::uuid[])`, [
      ids,
    ]);
    const shares = await queryRows<BillShareRow>(
      this.ds,
      `SELECT split_id, user_id, amount, paid_at, returned_transfer_id IS NOT NULL AS returned
         FROM bill_shares WHERE split_id = ANY($1::uuid[]) ORDER BY split_id, position`,
      [ids],
    );
    const paymentIds = rows.map((r) => r.bill_payment_id).filter((id): id is string => !!id);
    const payments = paymentIds.length
      ? await queryRows<BillPaymentRow>(this.ds, `SELECT ${BILL_PAYMENT_COLUMNS} FROM bill_payments WHERE id = ANY($1::uuid[])`, [
          paymentIds,
        ])
      : [];
    const sharesOf = (id: string) => shares.filter((s) => s.split_id === id);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const list = await this.visible(input.viewerId, input.refs, byId, (row) =>
      row.created_by === input.viewerId || sharesOf(row.id).some((s) => s.user_id === input.viewerId) ? 'party' : 'other',
    );
    return list.map(
      (row) =>
        row &&
        toBillSplitView(
          row,
          sharesOf(row.id),
          payments.find((p) => p.id === row.bill_payment_id),
        ),
    );
  }

  /** One request as the viewer may see it; NOT_FOUND when they may not. */
  async request(viewerId: string, id: string): Promise<MoneyRequestView> {
    const [view] = await this.requests({ viewerId, refs: [{ id }] });
    if (!view) throw DomainError.notFound('No such money request');
    return view;
  }

  async split(viewerId: string, id: string): Promise<BillSplitView> {
    const [view] = await this.splits({ viewerId, refs: [{ id }] });
    if (!view) throw DomainError.notFound('No such bill split');
    return view;
  }

  /** The rows each ref may show: parties always, in its own conversation always, else current members (asked of messaging). */
  private async visible<R extends { conversation_id: string }>(
    viewerId: string,
    refs: PaymentRef[],
    byId: Map<string, R>,
    role: (row: R) => 'party' | 'other',
  ): Promise<Array<R | null>> {
    return Promise.all(
      refs.map(async (ref) => {
        const row = byId.get(ref?.id);
        if (!row) return null;
        if (role(row) === 'party') return row;
        if (ref.conversationId) return ref.conversationId === row.conversation_id ? row : null;
        return (await this.messaging.isMember(row.conversation_id, viewerId)) ? row : null;
      }),
    );
  }
}
