import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, queryRows } from '@app/common';
import { BillSplitView, GetPaymentRefsRequest, MoneyRequestView, PaymentRef } from '@app/contracts';
import { BillPaymentRow } from '../bills/bill-payment.row';
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
    // One round trip: each split with its shares in order and its bill payment.
    const rows = await queryRows<BillSplitRow & { shares: BillShareRow[]; payment: BillPaymentRow | null }>(
      this.ds,
      `SELECT ${BILL_SPLIT_COLUMNS},
              (SELECT coalesce(json_agg(json_build_object('split_id', sh.split_id, 'user_id', sh.user_id, 'amount', sh.amount::text,
                        'paid_at', sh.paid_at, 'returned', sh.returned_transfer_id IS NOT NULL) ORDER BY sh.position), '[]')
                 FROM bill_shares sh WHERE sh.split_id = s.id) AS shares,
              (SELECT json_build_object('id', bp.id, 'seq', bp.seq::text, 'user_id', bp.user_id, 'bill_id', bp.bill_id,
                        'payment_id', bp.payment_id, 'bill_type', bp.bill_type, 'amount', bp.amount::text,
                        'tracking_code', bp.tracking_code, 'conversation_id', bp.conversation_id, 'paid_at', bp.paid_at)
                 FROM bill_payments bp WHERE bp.id = s.bill_payment_id) AS payment
         FROM bill_splits s WHERE s.id = ANY($1::uuid[])`,
      [ids],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const list = await this.visible(input.viewerId, input.refs, byId, (row) =>
      row.created_by === input.viewerId || row.shares.some((s) => s.user_id === input.viewerId) ? 'party' : 'other',
    );
    return list.map((row) => row && toBillSplitView(row, row.shares, row.payment ?? undefined));
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
