import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, isUuid, queryRows } from '@app/common';
import { ErrorCode, GetPaymentRefsRequest, TransferCompletedEvent, TransferMoneyRequest, TransferView } from '@app/contracts';
import { normalizeDisplayText } from '@app/persian';
import { AccountsClient } from '../clients/accounts.client';
import { MessagingClient } from '../clients/messaging.client';
import { PaymentsEnv } from '../config/payments.env';
import { TransferPosted, transferMoney } from '../database/functions/transfer_money.function';
import { argsHash, derivedId, newTrackingCode, refIds } from '../ledger/ids';
import { cleanKey, previousResult } from '../ledger/idempotency';
import { parseRials } from '../ledger/money';
import { isUniqueViolation, withTrackingCode } from '../ledger/sql-errors';
import { OutboxRelay } from '../outbox/outbox.relay';
import { WalletEvents } from '../wallet/wallet-events';
import { SELECT_TRANSFERS, toTransferView, TransferRow } from './transfer.row';

const NOTE_MAX = 500;

/** What a transfer's key stands for: a retry with other arguments is a conflict. */
interface TransferArgs {
  toUserId: string;
  amount: string;
  note: string | null;
  conversationId: string | null;
}

@Injectable()
export class TransferService {
  constructor(
    private readonly ds: DataSource,
    private readonly env: PaymentsEnv,
    private readonly accounts: AccountsClient,
    private readonly messaging: MessagingClient,
    private readonly wallets: WalletEvents,
    private readonly outbox: OutboxRelay,
  ) {}

  /**
   * Moves money from one wallet to another and posts it in a chat. The id is
   * derived from the sender's key, so a retry can never post twice; the chat
   * message follows through the outbox, so it appears even if messaging is
   * down now (once, when it is back).
   */
  async transfer(input: TransferMoneyRequest): Promise<TransferView> {
    const args = this.validArgs(input);
    const key = cleanKey(input.idempotencyKey);
    const hash = argsHash('transferMoney', { ...args });
    const id = derivedId('transfer', input.viewerId, key);

    // A retry is answered from the first result without asking anyone again.
    const previous = await previousResult(this.ds, input.viewerId, key, 'transferMoney', hash);
    if (previous) return this.one(previous);

    await this.assertCanPay(input.viewerId, args.toUserId);
    const conversationId = await this.conversationFor(input.viewerId, args.toUserId, args.conversationId);
    const amount = BigInt(args.amount);
    const event: Omit<TransferCompletedEvent, 'createdAt'> = {
      eventId: `transfer-completed:${id}`,
      transferId: id,
      fromUserId: input.viewerId,
      toUserId: args.toUserId,
      amount: args.amount,
      note: args.note,
      conversationId,
    };
    let posted;
    try {
      posted = await withTrackingCode(
        (trackingCode) =>
          transferMoney(this.ds, {
            id,
            viewerId: input.viewerId,
            toUserId: args.toUserId,
            amount,
            note: args.note,
            conversationId,
            key,
            argsHash: hash,
            trackingCode,
            dailyLimit: BigInt(this.env.TRANSFER_DAILY_MAX_RIALS),
            event,
          }),
        newTrackingCode,
      );
    } catch (err) {
      // The key outlived its record (kept 24 h and more); its derived id did not.
      if (isUniqueViolation(err, 'transfers_pkey')) return this.sameOrConflict(id, input.viewerId, args);
      throw err;
    }
    if (posted.replayOf !== null) return this.one(posted.replayOf);
    this.announce(input.viewerId, args.toUserId, posted);
    return {
      id,
      fromUserId: input.viewerId,
      toUserId: args.toUserId,
      amount: args.amount,
      note: args.note,
      trackingCode: posted.trackingCode,
      conversationId,
      createdAt: new Date(posted.createdAt).toISOString(),
    };
  }

  /**
   * Transfers as one viewer may see them, aligned with the refs asked for:
   * the two parties always; anyone else only when reading it in the
   * conversation it was posted in (whose membership messaging has checked).
   */
  async getMany(input: GetPaymentRefsRequest): Promise<Array<TransferView | null>> {
    const ids = refIds(input.refs);
    if (!ids.length) return input.refs.map(() => null);
    const rows = await queryRows<TransferRow>(this.ds, `${SELECT_TRANSFERS} WHERE pt.id = ANY($1::uuid[])`, [ids]);
    await this.resolveDirectConversations(rows);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return input.refs.map((ref) => {
      const row = byId.get(ref?.id);
      if (!row) return null;
      const party = row.from_user_id === input.viewerId || row.to_user_id === input.viewerId;
      const postedHere = Boolean(ref.conversationId) && row.conversation_id === ref.conversationId;
      return party || postedHere ? toTransferView(row) : null;
    });
  }

  /** The request's arguments, checked and normalized: what the key stands for. */
  private validArgs(input: TransferMoneyRequest): TransferArgs {
    const amount = parseRials(input.amount);
    if (amount > BigInt(this.env.TRANSFER_MAX_RIALS)) {
      throw DomainError.badInput('amount', `A transfer is at most ${this.env.TRANSFER_MAX_RIALS} rials`);
    }
    if (!isUuid(input.toUserId)) throw DomainError.notFound('No such user');
    if (input.toUserId === input.viewerId) throw DomainError.badInput('toUserId', 'You cannot transfer money to yourself');
    const note = input.note ? normalizeDisplayText(input.note) || null : null;
    if (note && note.length > NOTE_MAX) throw DomainError.badInput('note', `A note is at most ${NOTE_MAX} characters`);
    if (input.conversationId && !isUuid(input.conversationId)) throw DomainError.notFound('No such conversation');
    return { toUserId: input.toUserId, amount: amount.toString(), note, conversationId: input.conversationId ?? null };
  }

  /** NOT_FOUND when the recipient is not a user, FORBIDDEN when either blocked the other. */
  private async assertCanPay(viewerId: string, toUserId: string): Promise<void> {
    const [exists, block] = await Promise.all([this.accounts.exists(viewerId, toUserId), this.accounts.block(viewerId, toUserId)]);
    if (!exists) throw DomainError.notFound('No such user');
    if (block.blockedBy) throw DomainError.forbidden('The recipient has blocked you');
    if (block.blocked) throw DomainError.forbidden('You have blocked the recipient; unblock them to send money');
  }

  /** Both wallets changed: the relay publishes the chat's event, each owner hears of their balance. */
  private announce(viewerId: string, toUserId: string, posted: TransferPosted): void {
    this.outbox.nudge();
    this.wallets.changed(
      { userId: viewerId, walletId: posted.fromWalletId, balance: String(posted.fromBalance), version: String(posted.seq) },
      { userId: toUserId, walletId: posted.toWalletId, balance: String(posted.toBalance), version: String(posted.seq) },
    );
  }

  private async one(id: string): Promise<TransferView> {
    const rows = await queryRows<TransferRow>(this.ds, `${SELECT_TRANSFERS} WHERE pt.id = $1`, [id]);
    if (!rows.length) throw new DomainError(ErrorCode.Internal, 'transfer record missing');
    await this.resolveDirectConversations(rows);
    return toTransferView(rows[0]);
  }

  /** The conversation to post in: the given one (both must be members), else the direct one if messaging answers. */
  private async conversationFor(viewerId: string, toUserId: string, requested: string | null): Promise<string | null> {
    if (!requested) return this.messaging.directConversation(viewerId, toUserId);
    const [sender, recipient] = await Promise.all([
      this.messaging.isMember(requested, viewerId),
      this.messaging.isMember(requested, toUserId),
    ]);
    if (!sender) throw DomainError.forbidden('You are not a member of this conversation');
    if (!recipient) throw DomainError.badInput('conversationId', 'The recipient is not a member of this conversation');
    return requested;
  }

  /**
   * A transfer posted while messaging did not answer has no conversation yet;
   * messaging put it in the direct one. Ask once more and remember the answer.
   */
  private async resolveDirectConversations(rows: TransferRow[]): Promise<void> {
    await Promise.all(
      rows
        .filter((r) => !r.conversation_id)
        .map(async (row) => {
          const conversationId = await this.messaging.directConversation(row.from_user_id, row.to_user_id).catch(() => null);
          if (!conversationId) return;
          await queryRows<never>(this.ds, `UPDATE payment_transfers SET conversation_id = $2 WHERE id = $1 AND conversation_id IS NULL`, [
            row.id,
            conversationId,
          ]);
          row.conversation_id = conversationId;
        }),
    );
  }

  private async sameOrConflict(id: string, viewerId: string, args: TransferArgs): Promise<TransferView> {
    const view = await this.one(id);
    const same = view.fromUserId === viewerId && view.toUserId === args.toUserId && view.amount === args.amount && view.note === args.note;
    if (!same) throw new DomainError(ErrorCode.IdempotencyConflict, 'This idempotency key was already used with different arguments');
    return view;
  }
}
