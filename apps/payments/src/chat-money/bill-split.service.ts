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
import { cleanKey } from '../ledger/idempotency';
import { ledgerError, withTrackingCode } from '../ledger/sql-errors';
import { OutboxRelay } from '../outbox/outbox.relay';
import { BalanceChange, WalletEvents } from '../wallet/wallet-events';
import { ChatMoneyReader } from './chat-money.reader';
import { cleanClientId, splitShares } from './chat-money.rules';

/** Tracking codes sent for shares that may have to go back when a share payment finds the bill paid elsewhere. */
const RETURN_CODES = 8;

/** close_bill_split had fewer tracking codes than shares to return. */
function isShortOfCodes(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23514' && /not enough tracking codes/.test(String(e.message));
}

interface SplitState {
  id: string;
  status: string;
  shares: number;
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
    if (shares.length > this.env.BILL_SPLIT_MAX_SHARERS) {
      throw DomainError.badInput('memberIds', `A bill is split between at most ${this.env.BILL_SPLIT_MAX_SHARERS} members`);
    }
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

  /**
   * The viewer's share into the split; a retry with the same key moves
   * nothing again. One database call (it checks the split, the share and the
   * key itself) and one read of the result: this is the hot path of a split.
   */
  async payShare(input: PayChatMoneyRequest): Promise<BillSplitView> {
    const key = cleanKey(input.idempotencyKey);
    if (!isUuid(input.id)) throw DomainError.notFound('No such bill split');
    const hash = argsHash('payBillShare', { id: input.id });
    // The bill is paid once whoever pays it by the unique (bill id, payment id) index; this id only names this split's payment.
    const billPaymentId = derivedId('bill-split-payment', input.id);
    const pay = (returns: number) =>
      withTrackingCode(
        (first) =>
          payBillShare(this.ds, {
            splitId: input.id,
            userId: input.viewerId,
            shareTransferId: derivedId('bill-share', input.id, input.viewerId),
            billPaymentId,
            key,
            argsHash: hash,
            trackingCodes: [first, ...this.codes(1 + returns)],
            shard: shardOf(billPaymentId, this.env.PLATFORM_ACCOUNT_SHARDS),
          }),
        newTrackingCode,
      );
    let paid;
    try {
      paid = await pay(RETURN_CODES);
    } catch (err) {
      // The bill was paid elsewhere and more shares must go back than codes were sent (rolled back): again with enough.
      if (!isShortOfCodes(err)) throw err;
      paid = await pay(this.env.BILL_SPLIT_MAX_SHARERS);
    }
    if (paid.replayOf === null) this.announce(paid.changes);
    return this.reader.split(input.viewerId, input.id);
  }

  /** Only its creator, only while collecting. */
  async cancel(input: ChatMoneyIdRequest): Promise<BillSplitView> {
    const split = await this.state(input.id);
    await this.close(split, input.viewerId, 'CANCELLED');
    return this.reader.split(input.viewerId, split.id);
  }

  /** For the sweeper: closes a split the platform gives up on; false when it was no longer collecting. */
  async closeBy(splitId: string, reason: Exclude<SplitCloseReason, 'CANCELLED'>): Promise<boolean> {
    const split = await this.state(splitId);
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
  private async state(id: string): Promise<SplitState> {
    const row = isUuid(id)
      ? await queryRow<SplitState>(
          this.ds,
          `SELECT s.id, s.status, (SELECT count(*)::int FROM bill_shares WHERE split_id = s.id) AS shares
             FROM bill_splits s WHERE s.id = $1`,
          [id],
        )
      : undefined;
    if (!row) throw DomainError.notFound('No such bill split');
    return row;
  }
}
