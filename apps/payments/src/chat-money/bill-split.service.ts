import { Inject, Injectable } from '@nestjs/common';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { DomainError, isUuid, LOGGER, queryRow } from '@app/common';
import { BillSplitView, ChatMoneyIdRequest, ErrorCode, PayChatMoneyRequest, SplitBillRequest } from '@app/contracts';
import { parseBill } from '../bills/bill.rules';
import { MessagingClient } from '../clients/messaging.client';
import { PaymentsEnv } from '../config/payments.env';
import { cancelBillSplit, SplitCloseReason } from '../database/functions/cancel_bill_split.function';
import { createBillSplit } from '../database/functions/create_bill_split.function';
import { payBillShare } from '../database/functions/pay_bill_share.function';
import { argsHash, derivedId, newTrackingCode, shardOf } from '../ledger/ids';
import { cleanKey, previousResult } from '../ledger/idempotency';
import { ledgerError, withTrackingCode } from '../ledger/sql-errors';
import { OutboxRelay } from '../outbox/outbox.relay';
import { BalanceChange, WalletEvents } from '../wallet/wallet-events';
import { ChatMoneyReader } from './chat-money.reader';
import { cleanClientId, splitShares } from './chat-money.rules';

interface SplitState {
  id: string;
  status: string;
  bill_id: string;
  payment_id: string;
  shares: number;
  mine: boolean;
}

/**
 * A bill shared in a conversation. Each share is paid into the split's own
 * ledger account; the last one pays the bill from there, once. Cancelling,
 * expiry and the bill being paid some other way send every share paid in
 * back, one transfer each, in one transaction.
 */
@Injectable()
export class BillSplitService {
  private readonly maxRials: bigint;

  constructor(
    private readonly ds: DataSource,
    private readonly env: PaymentsEnv,
    private readonly messaging: MessagingClient,
    private readonly wallets: WalletEvents,
    private readonly outbox: OutboxRelay,
    private readonly reader: ChatMoneyReader,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.maxRials = BigInt(env.BILL_MAX_RIALS);
  }

  async split(input: SplitBillRequest): Promise<BillSplitView> {
    const bill = parseBill(input.billId, input.paymentId, this.maxRials);
    const clientId = cleanClientId(input.clientId);
    if (!isUuid(input.conversationId)) throw DomainError.notFound('No such conversation');
    if (!input.memberIds.every(isUuid)) throw DomainError.badInput('memberIds', 'Every sharer must be a member of this conversation');
    const shares = splitShares(bill.amount, input.viewerId, input.memberIds);
    const users = shares.map((s) => s.userId);
    const found = await this.messaging.conversationMembers(input.conversationId, users);
    if (!found.kind || !found.members.includes(input.viewerId)) throw DomainError.notFound('No such conversation');
    if (found.members.length !== users.length) {
      throw DomainError.badInput('memberIds', 'Every sharer must be a member of this conversation');
    }
    const id = derivedId('bill-split', input.viewerId, input.conversationId, clientId);
    const expiresAt = new Date(Date.now() + this.env.BILL_SPLIT_EXPIRE_SECONDS * 1000);
    try {
      await createBillSplit(this.ds, { id, conversationId: input.conversationId, creatorId: input.viewerId, bill, shares, expiresAt });
    } catch (err) {
      throw ledgerError(err) ?? err;
    }
    this.outbox.nudge();
    return this.reader.split(input.viewerId, id);
  }

  /** The viewer's share into the split; a retry with the same key moves nothing again. */
  async payShare(input: PayChatMoneyRequest): Promise<BillSplitView> {
    const key = cleanKey(input.idempotencyKey);
    const split = await this.state(input.viewerId, input.id);
    const hash = argsHash('payBillShare', { id: split.id });
    if (await previousResult(this.ds, input.viewerId, key, 'payBillShare', hash)) return this.reader.split(input.viewerId, split.id);
    if (!split.mine) throw DomainError.forbidden('You have no share in this split');
    if (split.status !== 'COLLECTING') throw new DomainError(ErrorCode.AlreadyClosed, `This split is ${split.status}`);
    const billPaymentId = derivedId('bill', split.bill_id, split.payment_id);
    const paid = await withTrackingCode(
      (first) =>
        payBillShare(this.ds, {
          splitId: split.id,
          userId: input.viewerId,
          shareTransferId: derivedId('bill-share', split.id, input.viewerId),
          billPaymentId,
          key,
          argsHash: hash,
          trackingCodes: [first, ...this.codes(split.shares + 1)],
          shard: shardOf(billPaymentId, this.env.PLATFORM_ACCOUNT_SHARDS),
        }),
      newTrackingCode,
    );
    if (paid.replayOf === null) this.announce(paid.changes);
    return this.reader.split(input.viewerId, split.id);
  }

  /** Only its creator, only while collecting. */
  async cancel(input: ChatMoneyIdRequest): Promise<BillSplitView> {
    const split = await this.state(input.viewerId, input.id);
    await this.close(split, input.viewerId, 'CANCELLED');
    return this.reader.split(input.viewerId, split.id);
  }

  /** For the sweeper: closes a split the platform gives up on; false when it was no longer collecting. */
  async closeBy(splitId: string, reason: Exclude<SplitCloseReason, 'CANCELLED'>): Promise<boolean> {
    const split = await this.state(null, splitId);
    try {
      await this.close(split, null, reason);
      this.logger.info({ splitId, reason }, 'bill split closed; shares returned');
      return true;
    } catch (err) {
      if (err instanceof DomainError && err.code === ErrorCode.AlreadyClosed) return false;
      throw err;
    }
  }

  private async close(split: SplitState, userId: string | null, reason: SplitCloseReason): Promise<void> {
    const changes = await withTrackingCode(
      (first) => cancelBillSplit(this.ds, { splitId: split.id, userId, reason, trackingCodes: [first, ...this.codes(split.shares)] }),
      newTrackingCode,
    );
    this.announce(changes);
  }

  private announce(changes: BalanceChange[]): void {
    this.outbox.nudge();
    this.wallets.changed(...changes);
  }

  private codes(n: number): string[] {
    return Array.from({ length: n }, newTrackingCode);
  }

  /** What a payment or cancel needs to know first; NOT_FOUND when there is no such split. */
  private async state(viewerId: string | null, id: string): Promise<SplitState> {
    const row = isUuid(id)
      ? await queryRow<SplitState>(
          this.ds,
          `SELECT s.id, s.status, s.bill_id, s.payment_id,
                  (SELECT count(*)::int FROM bill_shares WHERE split_id = s.id) AS shares,
                  EXISTS (SELECT 1 FROM bill_shares WHERE split_id = s.id AND user_id = $2) AS mine
             FROM bill_splits s WHERE s.id = $1`,
          [id, viewerId],
        )
      : undefined;
    if (!row) throw DomainError.notFound('No such bill split');
    return row;
  }
}
