import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, queryRow, queryRows, RpcClient } from '@app/common';
import {
  AccountsSubjects,
  ErrorCode,
  GetPaymentRefsRequest,
  TransferCompletedEvent,
  TransferMoneyRequest,
  TransferView,
} from '@app/contracts';
import { normalizeDisplayText } from '@app/persian';
import { PaymentsEnv } from '../config/payments.env';
import { argsHash, derivedId, newTrackingCode, UUID } from '../ledger/ids';
import { cleanKey, previousResult } from '../ledger/idempotency';
import { parseRials } from '../ledger/money';
import { isUniqueViolation, withTrackingCode } from '../ledger/sql-errors';
import { OutboxRelay } from '../outbox/outbox.relay';
import { WalletEvents } from '../wallet/wallet-events';
import { MessagingClient } from './messaging.client';

const NOTE_MAX = 500;
const KNOWN_USERS_MAX = 100_000;

interface TransferRow {
  id: string;
  from_user_id: string;
  to_user_id: string;
  amount: string;
  note: string | null;
  conversation_id: string | null;
  tracking_code: string;
  created_at: Date;
}

function toView(row: TransferRow): TransferView {
  return {
    id: row.id,
    fromUserId: row.from_user_id,
    toUserId: row.to_user_id,
    amount: String(row.amount),
    note: row.note,
    trackingCode: row.tracking_code,
    conversationId: row.conversation_id,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

const SELECT_TRANSFERS = `SELECT pt.id, pt.from_user_id, pt.to_user_id, pt.amount, pt.note, pt.conversation_id, pt.created_at, t.tracking_code
  FROM payment_transfers pt JOIN transfers t ON t.id = pt.id`;

@Injectable()
export class TransferService {
  private readonly knownUsers = new Set<string>();

  constructor(
    private readonly ds: DataSource,
    private readonly env: PaymentsEnv,
    private readonly rpc: RpcClient,
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
    const amount = parseRials(input.amount);
    if (amount > BigInt(this.env.TRANSFER_MAX_RIALS)) {
      throw DomainError.badInput('amount', `A transfer is at most ${this.env.TRANSFER_MAX_RIALS} rials`);
    }
    if (!UUID.test(input.toUserId)) throw DomainError.notFound('No such user');
    if (input.toUserId === input.userId) throw DomainError.badInput('toUserId', 'You cannot transfer money to yourself');
    const note = input.note ? normalizeDisplayText(input.note) || null : null;
    if (note && note.length > NOTE_MAX) throw DomainError.badInput('note', `A note is at most ${NOTE_MAX} characters`);
    if (input.conversationId && !UUID.test(input.conversationId)) throw DomainError.notFound('No such conversation');
    const key = cleanKey(input.idempotencyKey);
    const args = { toUserId: input.toUserId, amount: amount.toString(), note, conversationId: input.conversationId ?? null };
    const hash = argsHash('transferMoney', args);
    const id = derivedId('transfer', input.userId, key);

    // A retry is answered from the first result without asking anyone again.
    const previous = await previousResult(this.ds, input.userId, key, 'transferMoney', hash);
    if (previous) return this.one(previous);

    const [exists, block] = await Promise.all([
      this.recipientExists(input.userId, input.toUserId),
      this.rpc.send(AccountsSubjects.CheckBlock, { userId: input.userId, otherId: input.toUserId }),
    ]);
    if (!exists) throw DomainError.notFound('No such user');
    if (block.blockedBy) throw DomainError.forbidden('The recipient has blocked you');
    if (block.blocked) throw DomainError.forbidden('You have blocked the recipient; unblock them to send money');
    const conversationId = await this.conversationFor(input.userId, input.toUserId, input.conversationId ?? null);

    const event: Omit<TransferCompletedEvent, 'createdAt'> = {
      eventId: `transfer-completed:${id}`,
      transferId: id,
      fromUserId: input.userId,
      toUserId: input.toUserId,
      amount: amount.toString(),
      note,
      conversationId,
    };
    let posted;
    try {
      posted = await withTrackingCode(
        (tracking) =>
          queryRow(
            this.ds,
            `SELECT o_replay_of, o_seq, o_created_at, o_from_wallet, o_from_balance, o_to_wallet, o_to_balance, $9::text AS tracking_code
           FROM transfer_money($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
            [
              id,
              input.userId,
              input.toUserId,
              amount.toString(),
              note,
              conversationId,
              key,
              hash,
              tracking,
              String(this.env.TRANSFER_DAILY_MAX_RIALS),
              JSON.stringify(event),
            ],
          ),
        newTrackingCode,
      );
    } catch (err) {
      // The key outlived its record (kept 24 h and more); its derived id did not.
      if (isUniqueViolation(err, 'transfers_pkey')) return this.sameOrConflict(id, input.userId, args);
      throw err;
    }
    if (posted.o_replay_of) return this.one(posted.o_replay_of);
    this.outbox.nudge();
    this.wallets.changed(
      { userId: input.userId, walletId: posted.o_from_wallet, balance: String(posted.o_from_balance), version: String(posted.o_seq) },
      { userId: input.toUserId, walletId: posted.o_to_wallet, balance: String(posted.o_to_balance), version: String(posted.o_seq) },
    );
    return {
      id,
      fromUserId: input.userId,
      toUserId: input.toUserId,
      amount: amount.toString(),
      note,
      trackingCode: posted.tracking_code,
      conversationId,
      createdAt: new Date(posted.o_created_at).toISOString(),
    };
  }

  /**
   * Transfers as one viewer may see them, aligned with the refs asked for:
   * the two parties always; anyone else only when reading it in the
   * conversation it was posted in (whose membership messaging has checked).
   */
  async getMany(input: GetPaymentRefsRequest): Promise<Array<TransferView | null>> {
    const ids = [...new Set(input.refs.map((r) => r?.id).filter((id): id is string => typeof id === 'string' && UUID.test(id)))];
    if (!ids.length) return input.refs.map(() => null);
    const rows = await queryRows<TransferRow>(this.ds, `${SELECT_TRANSFERS} WHERE pt.id = ANY($1::uuid[])`, [ids]);
    await this.resolveDirectConversations(rows);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return input.refs.map((ref) => {
      const row = byId.get(ref?.id);
      if (!row) return null;
      const party = row.from_user_id === input.viewerId || row.to_user_id === input.viewerId;
      const postedHere = Boolean(ref.conversationId) && row.conversation_id === ref.conversationId;
      return party || postedHere ? toView(row) : null;
    });
  }

  /**
   * Whether the recipient is a user. Accounts never deletes users, so a yes
   * is remembered (a bounded set) and repeat recipients cost no round trip;
   * blocks, which do change, are asked every time.
   */
  private async recipientExists(viewerId: string, userId: string): Promise<boolean> {
    if (this.knownUsers.has(userId)) return true;
    const user = await this.rpc.send(AccountsSubjects.GetUser, { viewerId, id: userId });
    if (!user) return false;
    if (this.knownUsers.size >= KNOWN_USERS_MAX) this.knownUsers.delete(this.knownUsers.values().next().value!);
    this.knownUsers.add(userId);
    return true;
  }

  private async one(id: string): Promise<TransferView> {
    const rows = await queryRows<TransferRow>(this.ds, `${SELECT_TRANSFERS} WHERE pt.id = $1`, [id]);
    if (!rows.length) throw new DomainError(ErrorCode.Internal, 'transfer record missing');
    await this.resolveDirectConversations(rows);
    return toView(rows[0]);
  }

  /** The conversation to post in: the given one (both must be members), else the direct one if messaging answers. */
  private async conversationFor(userId: string, toUserId: string, requested: string | null): Promise<string | null> {
    if (!requested) return this.messaging.directConversation(userId, toUserId);
    const [sender, recipient] = await Promise.all([
      this.messaging.isMember(requested, userId),
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
          await queryRows(this.ds, `UPDATE payment_transfers SET conversation_id = $2 WHERE id = $1 AND conversation_id IS NULL`, [
            row.id,
            conversationId,
          ]);
          row.conversation_id = conversationId;
        }),
    );
  }

  private async sameOrConflict(
    id: string,
    userId: string,
    args: { toUserId: string; amount: string; note: string | null; conversationId: string | null },
  ): Promise<TransferView> {
    const view = await this.one(id);
    const same = view.fromUserId === userId && view.toUserId === args.toUserId && view.amount === args.amount && view.note === args.note;
    if (!same) throw new DomainError(ErrorCode.IdempotencyConflict, 'This idempotency key was already used with different arguments');
    return view;
  }
}
