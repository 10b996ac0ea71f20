import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, isUuid, queryRow } from '@app/common';
import { ChatMoneyIdRequest, ErrorCode, MoneyRequestView, PayChatMoneyRequest, RequestMoneyRequest } from '@app/contracts';
import { AccountsClient } from '../clients/accounts.client';
import { MessagingClient } from '../clients/messaging.client';
import { PaymentsEnv } from '../config/payments.env';
import { closeMoneyRequest } from '../database/functions/close_money_request.function';
import { createMoneyRequest } from '../database/functions/create_money_request.function';
import { payMoneyRequest } from '../database/functions/pay_money_request.function';
import { argsHash, derivedId, newTrackingCode } from '../ledger/ids';
import { cleanKey, previousResult } from '../ledger/idempotency';
import { parseRials } from '../ledger/money';
import { ledgerError, withTrackingCode } from '../ledger/sql-errors';
import { OutboxRelay } from '../outbox/outbox.relay';
import { WalletEvents } from '../wallet/wallet-events';
import { ChatMoneyReader } from './chat-money.reader';
import { MONEY_REQUEST_COLUMNS, MoneyRequestRow } from './chat-money.row';
import { cleanClientId, cleanNote } from './chat-money.rules';

/**
 * Money asked for in a conversation. A request is paid by one transfer from
 * the payer to the requester, at most once whoever races (the request row is
 * locked and its state checked in the same transaction as the money); its
 * message follows every change through the outbox.
 */
@Injectable()
export class MoneyRequestService {
  constructor(
    private readonly ds: DataSource,
    private readonly env: PaymentsEnv,
    private readonly accounts: AccountsClient,
    private readonly messaging: MessagingClient,
    private readonly wallets: WalletEvents,
    private readonly outbox: OutboxRelay,
    private readonly reader: ChatMoneyReader,
  ) {}

  async request(input: RequestMoneyRequest): Promise<MoneyRequestView> {
    const amount = parseRials(input.amount);
    if (amount > BigInt(this.env.TRANSFER_MAX_RIALS)) {
      throw DomainError.badInput('amount', `A request is at most ${this.env.TRANSFER_MAX_RIALS} rials`);
    }
    const note = cleanNote(input.note);
    const clientId = cleanClientId(input.clientId);
    if (!isUuid(input.conversationId)) throw DomainError.notFound('No such conversation');
    const payerId = await this.payerFor(input.viewerId, input.conversationId, input.payerId ?? null);
    const id = derivedId('money-request', input.viewerId, input.conversationId, clientId);
    await createMoneyRequest(this.ds, { id, conversationId: input.conversationId, requesterId: input.viewerId, payerId, amount, note });
    this.outbox.nudge();
    return this.reader.request(input.viewerId, id);
  }

  /** One transfer from the viewer to the requester; a retry with the same key answers the first result. */
  async pay(input: PayChatMoneyRequest): Promise<MoneyRequestView> {
    const key = cleanKey(input.idempotencyKey);
    const row = await this.row(input.id);
    const hash = argsHash('payMoneyRequest', { id: row.id });
    if (await previousResult(this.ds, input.viewerId, key, 'payMoneyRequest', hash)) return this.reader.request(input.viewerId, row.id);
    if (row.requester_id === input.viewerId) throw DomainError.forbidden('You cannot pay your own request');
    if (row.payer_id && row.payer_id !== input.viewerId) throw DomainError.forbidden('This request asks someone else');
    if (row.status !== 'OPEN') throw new DomainError(ErrorCode.AlreadyClosed, `This request is ${row.status}`);
    // Anyone in the group may pay a request that names no payer: a current member only.
    if (!row.payer_id && !(await this.messaging.isMember(row.conversation_id, input.viewerId))) {
      throw DomainError.forbidden('You are not a member of this conversation');
    }
    const block = await this.accounts.block(input.viewerId, row.requester_id);
    if (block.blocked || block.blockedBy) throw DomainError.forbidden('One of you has blocked the other');
    const paid = await withTrackingCode(
      (trackingCode) =>
        payMoneyRequest(this.ds, {
          requestId: row.id,
          payerId: input.viewerId,
          transferId: derivedId('money-request-payment', row.id),
          key,
          argsHash: hash,
          trackingCode,
          dailyLimit: BigInt(this.env.TRANSFER_DAILY_MAX_RIALS),
        }),
      newTrackingCode,
    );
    if (paid.replayOf === null) {
      this.outbox.nudge();
      this.wallets.changed(
        { userId: input.viewerId, walletId: paid.fromWalletId, balance: String(paid.fromBalance), version: String(paid.seq) },
        { userId: paid.toUserId, walletId: paid.toWalletId, balance: String(paid.toBalance), version: String(paid.seq) },
      );
    }
    return this.reader.request(input.viewerId, row.id);
  }

  decline(input: ChatMoneyIdRequest): Promise<MoneyRequestView> {
    return this.close(input, 'DECLINED');
  }

  cancel(input: ChatMoneyIdRequest): Promise<MoneyRequestView> {
    return this.close(input, 'CANCELLED');
  }

  private async close(input: ChatMoneyIdRequest, status: 'DECLINED' | 'CANCELLED'): Promise<MoneyRequestView> {
    const row = await this.row(input.id);
    try {
      await closeMoneyRequest(this.ds, { requestId: row.id, userId: input.viewerId, status });
    } catch (err) {
      throw ledgerError(err) ?? err;
    }
    this.outbox.nudge();
    return this.reader.request(input.viewerId, row.id);
  }

  /** The request, if it exists and the viewer may know it does. */
  private async row(id: string): Promise<MoneyRequestRow> {
    const row = isUuid(id)
      ? await queryRow<MoneyRequestRow>(this.ds, `SELECT ${MONEY_REQUEST_COLUMNS} FROM money_requests WHERE id = $1`, [id])
      : undefined;
    if (!row) throw DomainError.notFound('No such money request');
    return row;
  }

  /**
   * Who is asked: in a direct conversation the other member (the default, and
   * the only one allowed); in a group a current member other than the
   * requester, or null (any one member may pay it). The requester must be a
   * current member.
   */
  private async payerFor(viewerId: string, conversationId: string, payerId: string | null): Promise<string | null> {
    if (payerId !== null && !isUuid(payerId)) throw DomainError.badInput('payerId', 'No such member');
    const asked = payerId ? [viewerId, payerId] : [viewerId];
    const found = await this.messaging.conversationMembers(conversationId, asked);
    if (!found.kind || !found.members.includes(viewerId)) throw DomainError.notFound('No such conversation');
    if (payerId === viewerId) throw DomainError.badInput('payerId', 'You cannot ask yourself for money');
    if (found.kind === 'DIRECT') {
      const other = found.directPair!.find((u) => u !== viewerId)!;
      if (payerId && payerId !== other) throw DomainError.badInput('payerId', 'In a direct conversation the payer is the other member');
      return other;
    }
    if (payerId && !found.members.includes(payerId))
      throw DomainError.badInput('payerId', 'The payer is not a member of this conversation');
    return payerId;
  }
}
