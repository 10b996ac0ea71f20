import { Inject, Injectable } from '@nestjs/common';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { DomainError, isUuid, LOGGER, queryRow, queryRows } from '@app/common';
import {
  ErrorCode,
  ListPayoutsRequest,
  PayoutPage,
  PayoutQuoteView,
  PayoutsIdRequest,
  PayoutView,
  QuotePayoutRequest,
  RequestPayoutRequest,
} from '@app/contracts';
import { PayoutProviderRegistry } from '../banks/payout-providers/payout-provider.registry';
import { PaymentsEnv } from '../config/payments.env';
import { requestPayout } from '../database/functions/request_payout.function';
import { PayoutEnd, settlePayout } from '../database/functions/settle_payout.function';
import { decodeCursor, NO_CURSOR, pageBySeq } from '../ledger/cursor';
import { argsHash, derivedId, newTrackingCode, shardOf } from '../ledger/ids';
import { cleanKey } from '../ledger/idempotency';
import { parseRials } from '../ledger/money';
import { isUniqueViolation, withTrackingCode } from '../ledger/sql-errors';
import { WalletEvents } from '../wallet/wallet-events';
import { PayoutEvents } from './payout-events';
import { PayoutRow, SELECT_PAYOUTS, toPayoutView } from './payout.row';

/** How a payout ends, as the worker or a cancel decides it. */
export interface PayoutEnding {
  status: PayoutEnd;
  bankReference?: string | null;
  reason?: string | null;
}

@Injectable()
export class PayoutService {
  /** Called after a payout is queued, so the worker of this copy sends it without waiting for its next tick. */
  onQueued: (sendAfterMs: number) => void = () => undefined;

  constructor(
    private readonly ds: DataSource,
    private readonly env: PaymentsEnv,
    private readonly providers: PayoutProviderRegistry,
    private readonly wallets: WalletEvents,
    private readonly events: PayoutEvents,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async quote(input: QuotePayoutRequest): Promise<PayoutQuoteView> {
    const amount = this.validAmount(input.amount);
    const fee = BigInt(this.env.PAYOUT_FEE_RIALS);
    const today = await queryRow<{ total: string }>(
      this.ds,
      `SELECT total FROM payout_daily_totals WHERE user_id = $1 AND day = (now() AT TIME ZONE 'Asia/Tehran')::date`,
      [input.viewerId],
    );
    const remaining = BigInt(this.env.PAYOUT_DAILY_MAX_RIALS) - BigInt(today?.total ?? 0);
    return {
      amount: amount.toString(),
      fee: fee.toString(),
      total: (amount + fee).toString(),
      minAmount: String(this.env.PAYOUT_MIN_RIALS),
      maxAmount: String(this.env.PAYOUT_MAX_RIALS),
      dailyRemaining: (remaining > 0n ? remaining : 0n).toString(),
    };
  }

  /**
   * Holds amount + fee and queues the payout; the worker sends it after
   * PAYOUT_SEND_DELAY_MS. The id is derived from the user's key, so a retry
   * names the same payout and holds nothing twice.
   */
  async request(input: RequestPayoutRequest): Promise<PayoutView> {
    const amount = this.validAmount(input.amount);
    if (!isUuid(input.bankAccountId)) throw DomainError.notFound('No such bank account');
    const key = cleanKey(input.idempotencyKey);
    const hash = argsHash('requestPayout', { bankAccountId: input.bankAccountId, amount: amount.toString() });
    const id = derivedId('payout', input.viewerId, key);
    // Nothing outside is asked before the function, which claims the key itself: a retry costs one call too.
    const provider = this.providers.active;
    const fee = BigInt(this.env.PAYOUT_FEE_RIALS);
    let held;
    try {
      held = await withTrackingCode(
        (trackingCode) =>
          requestPayout(this.ds, {
            id,
            viewerId: input.viewerId,
            bankAccountId: input.bankAccountId,
            amount,
            fee,
            key,
            argsHash: hash,
            trackingCode,
            dailyLimit: BigInt(this.env.PAYOUT_DAILY_MAX_RIALS),
            provider: provider.name,
            reference: `po-${id.replace(/-/g, '')}`,
            shard: shardOf(id, this.env.PLATFORM_ACCOUNT_SHARDS),
            sendAfter: new Date(Date.now() + this.env.PAYOUT_SEND_DELAY_MS),
          }),
        newTrackingCode,
      );
    } catch (err) {
      // The key outlived its record (kept 24 h and more); the payout it named stands.
      if (isUniqueViolation(err, 'payouts_pkey') || isUniqueViolation(err, 'transfers_pkey')) return this.sameOrConflict(id, input, amount);
      throw err;
    }
    if (held.replayOf !== null) return this.one(held.replayOf);
    this.logger.info({ payoutId: id, provider: provider.name }, 'payout requested');
    this.wallets.changed({ userId: input.viewerId, walletId: held.walletId, balance: String(held.balance), version: String(held.seq) });
    const view = toPayoutView({
      id,
      seq: held.seq,
      user_id: input.viewerId,
      amount: amount.toString(),
      fee: fee.toString(),
      status: 'PENDING',
      provider: provider.name,
      reference: '',
      send_state: 'QUEUED',
      sent_at: null,
      tracking_code: held.trackingCode,
      bank_reference: null,
      failure_reason: null,
      created_at: held.createdAt,
      completed_at: null,
      ba_id: input.bankAccountId,
      ba_iban: held.iban,
      ba_bank_code: held.bankCode,
      ba_owner_name: held.ownerName,
      ba_created_at: held.accountCreatedAt,
    });
    this.events.changed(input.viewerId, view);
    this.onQueued(this.env.PAYOUT_SEND_DELAY_MS);
    return view;
  }

  /** Only while it has not been handed to the bank: the whole amount + fee goes back to the wallet. */
  async cancel(input: PayoutsIdRequest): Promise<PayoutView> {
    const row = isUuid(input.id) ? await this.row(input.id) : undefined;
    if (!row || row.user_id !== input.viewerId) throw DomainError.notFound('No such payout');
    const ended = await this.end(row, { status: 'CANCELLED', reason: 'لغو شده به درخواست شما' }, true);
    if (ended.status === 'CANCELLED') return ended;
    if (ended.status !== 'PENDING') throw new DomainError(ErrorCode.BadUserInput, 'This payout has already ended', { field: 'id' });
    throw new DomainError(ErrorCode.BadUserInput, 'This payout was already sent to the bank and can no longer be cancelled', {
      field: 'id',
    });
  }

  async list(input: ListPayoutsRequest): Promise<PayoutPage> {
    const before = decodeCursor(input.after) ?? NO_CURSOR;
    const rows = await queryRows<PayoutRow>(this.ds, `${SELECT_PAYOUTS} WHERE p.user_id = $1 AND p.seq < $2 ORDER BY p.seq DESC LIMIT $3`, [
      input.viewerId,
      before,
      input.first + 1,
    ]);
    return pageBySeq(rows, input.first, input.after, toPayoutView);
  }

  /**
   * Ends a payout once (settle_payout: a compare-and-set from PENDING) and
   * tells its owner; a payout that had already ended is answered as it is.
   */
  async end(row: PayoutRow, ending: PayoutEnding, unsentOnly = false): Promise<PayoutView> {
    const returnId = derivedId('payout-end', row.id);
    const settled = await withTrackingCode(
      (trackingCode) =>
        settlePayout(this.ds, {
          payoutId: row.id,
          status: ending.status,
          bankReference: ending.bankReference ?? null,
          reason: ending.reason ?? null,
          unsentOnly,
          transferId: returnId,
          trackingCode,
          feeTransferId: derivedId('payout-fee', row.id),
          feeTrackingCode: newTrackingCode(),
        }),
      newTrackingCode,
    );
    const view = await this.one(row.id);
    if (!settled.changed) return view;
    this.logger.info({ payoutId: row.id, status: ending.status }, 'payout ended');
    if (settled.walletId) {
      this.wallets.changed({
        userId: row.user_id,
        walletId: settled.walletId,
        balance: String(settled.balance),
        version: String(settled.seq),
      });
    }
    this.events.changed(row.user_id, view);
    return view;
  }

  row(id: string): Promise<PayoutRow | undefined> {
    return queryRow<PayoutRow>(this.ds, `${SELECT_PAYOUTS} WHERE p.id = $1`, [id]);
  }

  private async one(id: string): Promise<PayoutView> {
    const row = await this.row(id);
    if (!row) throw new DomainError(ErrorCode.Internal, 'payout record missing');
    return toPayoutView(row);
  }

  private validAmount(raw: string): bigint {
    const amount = parseRials(raw);
    if (amount < BigInt(this.env.PAYOUT_MIN_RIALS) || amount > BigInt(this.env.PAYOUT_MAX_RIALS)) {
      throw DomainError.badInput('amount', `A payout is between ${this.env.PAYOUT_MIN_RIALS} and ${this.env.PAYOUT_MAX_RIALS} rials`);
    }
    return amount;
  }

  private async sameOrConflict(id: string, input: RequestPayoutRequest, amount: bigint): Promise<PayoutView> {
    const row = await this.row(id);
    if (!row || row.user_id !== input.viewerId || row.ba_id !== input.bankAccountId || BigInt(row.amount) !== amount) {
      throw new DomainError(ErrorCode.IdempotencyConflict, 'This idempotency key was already used with different arguments');
    }
    return toPayoutView(row);
  }
}
