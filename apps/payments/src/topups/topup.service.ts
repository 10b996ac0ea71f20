import { Inject, Injectable } from '@nestjs/common';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { DomainError, LOGGER, queryRow } from '@app/common';
import { ErrorCode, StartTopUpRequest, TopUpCallbackRequest, TopUpCallbackView, TopUpStatus, TopUpView } from '@app/contracts';
import { PaymentsEnv } from '../config/payments.env';
import { argsHash, derivedId, newTrackingCode, shardOf, UUID } from '../ledger/ids';
import { cleanKey, previousResult } from '../ledger/idempotency';
import { formatRials, parseRials } from '../ledger/money';
import { isUniqueViolation, withTrackingCode } from '../ledger/sql-errors';
import { WalletEvents } from '../wallet/wallet-events';
import { GatewayRegistry } from './gateway-registry';
import { GatewayUnavailableError, VerifyOutcome } from './payment-gateway';

export interface TopUpRow {
  id: string;
  user_id: string;
  amount: string;
  gateway: string;
  authority: string;
  payment_url: string;
  status: TopUpStatus;
  bank_reference: string | null;
  created_at: Date;
  completed_at: Date | null;
}

const COLUMNS = `id, user_id, amount, gateway, authority, payment_url, status, bank_reference, created_at, completed_at`;

/** Why we are looking at a top-up: the browser came back (OK or NOK), or the sweeper found it waiting. */
export type Hint = 'OK' | 'NOK' | 'SWEEP';

function toView(row: TopUpRow): TopUpView {
  return {
    id: row.id,
    amount: String(row.amount),
    status: row.status,
    paymentUrl: row.payment_url,
    bankReference: row.bank_reference,
    createdAt: new Date(row.created_at).toISOString(),
    completedAt: row.completed_at ? new Date(row.completed_at).toISOString() : null,
  };
}

@Injectable()
export class TopUpService {
  constructor(
    private readonly ds: DataSource,
    private readonly env: PaymentsEnv,
    private readonly gateways: GatewayRegistry,
    private readonly wallets: WalletEvents,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Opens a payment session at the bank and records the top-up (PENDING).
   * The row is written only once the bank answered, so every top-up has a
   * payment URL; two concurrent retries may each open a session, but only the
   * one recorded is ever shown, and the other is never paid.
   */
  async start(input: StartTopUpRequest): Promise<TopUpView> {
    const amount = parseRials(input.amount);
    if (amount < BigInt(this.env.TOPUP_MIN_RIALS) || amount > BigInt(this.env.TOPUP_MAX_RIALS)) {
      throw DomainError.badInput('amount', `A top-up is between ${this.env.TOPUP_MIN_RIALS} and ${this.env.TOPUP_MAX_RIALS} rials`);
    }
    const key = cleanKey(input.idempotencyKey);
    const hash = argsHash('startTopUp', { amount: amount.toString() });
    const id = derivedId('topup', input.userId, key);
    const previous = await previousResult(this.ds, input.userId, key, 'startTopUp', hash);
    if (previous) return toView((await this.row(previous))!);

    const gateway = this.gateways.active;
    let session: { authority: string; paymentUrl: string };
    try {
      session = await gateway.request({
        amount,
        callbackUrl: `${this.env.PUBLIC_URL.replace(/\/+$/, '')}/payments/ipg/${gateway.name}/callback`,
        description: `افزایش موجودی کیف پول: ${formatRials(amount)} ریال`,
        orderId: id,
      });
    } catch (err) {
      this.logger.warn({ err: String((err as Error).message), topUpId: id }, 'the bank refused or did not answer a payment request');
      throw new DomainError(ErrorCode.ServiceUnavailable, 'The bank did not accept the payment request; nothing was charged, try again');
    }
    try {
      const ref = await this.ds.transaction(async (db) => {
        const claimed = await queryRow(db, `SELECT claim_idempotency_key($1, $2, 'startTopUp', $3, $4) AS ref`, [
          input.userId,
          key,
          hash,
          id,
        ]);
        if (claimed.ref) return claimed.ref as string;
        await queryRow(db, `INSERT INTO top_ups (id, user_id, amount, gateway, authority, payment_url) VALUES ($1, $2, $3, $4, $5, $6)`, [
          id,
          input.userId,
          amount.toString(),
          gateway.name,
          session.authority,
          session.paymentUrl,
        ]);
        return id;
      });
      return toView((await this.row(ref))!);
    } catch (err) {
      if (isUniqueViolation(err, 'top_ups_pkey')) {
        // The key outlived its record; the top-up it named stands.
        const existing = (await this.row(id))!;
        if (existing.user_id !== input.userId || BigInt(existing.amount) !== amount) {
          throw new DomainError(ErrorCode.IdempotencyConflict, 'This idempotency key was already used with different arguments');
        }
        return toView(existing);
      }
      throw (err as { code?: string }).code === 'PY002'
        ? new DomainError(ErrorCode.IdempotencyConflict, 'This idempotency key was already used with different arguments')
        : err;
    }
  }

  async get(userId: string, id: string): Promise<TopUpView | null> {
    if (!UUID.test(id)) return null;
    const row = await this.row(id);
    return row && row.user_id === userId ? toView(row) : null;
  }

  /**
   * The browser came back from the bank. Proof of nothing: we find the top-up
   * by the authority we stored, ask the bank ourselves, and settle it once.
   */
  async callback(input: TopUpCallbackRequest): Promise<TopUpCallbackView> {
    const row = await queryRow<TopUpRow>(this.ds, `SELECT ${COLUMNS} FROM top_ups WHERE gateway = $1 AND authority = $2`, [
      input.gateway,
      input.authority,
    ]);
    if (!row) return { topUpId: null, status: 'UNKNOWN', amount: null, bankReference: null };
    const settled = await this.reconcile(row, input.status === 'OK' ? 'OK' : 'NOK');
    return { topUpId: settled.id, status: settled.status, amount: String(settled.amount), bankReference: settled.bank_reference };
  }

  /**
   * Brings a top-up to where the bank says it is. Verify is the only proof of
   * payment, always for the amount in our database; the state moves by a
   * compare-and-set from PENDING, and the credit's id is derived from the
   * top-up, so replays and races credit nothing more.
   */
  async reconcile(row: TopUpRow, hint: Hint): Promise<TopUpRow> {
    const gateway = this.gateways.get(row.gateway);
    if (!gateway) {
      this.logger.error({ topUpId: row.id, gateway: row.gateway }, 'a top-up went through a gateway that is not configured here');
      return row;
    }
    if (row.status !== 'PENDING') {
      if (row.status !== 'SUCCEEDED' && hint === 'OK') await this.reverseIfPaid(row);
      return row;
    }
    let outcome: VerifyOutcome | null = null;
    try {
      if (hint === 'OK') {
        outcome = await gateway.verify(row.authority, BigInt(row.amount));
      } else {
        const state = await gateway.inquire(row.authority);
        if (state === 'PAID' || state === 'VERIFIED') outcome = await gateway.verify(row.authority, BigInt(row.amount));
        else if (state === 'FAILED' || state === 'REVERSED') outcome = { kind: 'NOT_PAID', reason: `the bank says ${state}` };
      }
    } catch (err) {
      if (!(err instanceof GatewayUnavailableError)) throw err;
      this.logger.warn({ topUpId: row.id, err: err.message }, 'the bank did not settle this check; the top-up stays pending');
    }
    if (!outcome) {
      const age = (Date.now() - new Date(row.created_at).getTime()) / 1000;
      if (hint !== 'SWEEP' || age < this.env.TOPUP_EXPIRE_AFTER_SECONDS) return row;
      return this.settle(row, 'EXPIRED', null, null, 'no payment confirmed in time');
    }
    if (outcome.kind === 'VERIFIED') {
      const settled = await this.settle(row, 'SUCCEEDED', outcome.bankReference, outcome.cardPan, null);
      // Verified at the bank, but the top-up had already ended (expired meanwhile): give the money back.
      if (settled.status !== 'SUCCEEDED') await this.reverse(settled, 'verified after the top-up had ended');
      return settled;
    }
    return this.settle(
      row,
      'FAILED',
      null,
      null,
      outcome.kind === 'AMOUNT_MISMATCH' ? `amount mismatch: ${outcome.reason}` : outcome.reason,
    );
  }

  private async settle(
    row: TopUpRow,
    status: TopUpStatus,
    bankReference: string | null,
    cardPan: string | null,
    reason: string | null,
  ): Promise<TopUpRow> {
    const transferId = derivedId('topup-credit', row.id);
    const result = await withTrackingCode(
      (tracking) =>
        queryRow(this.ds, `SELECT * FROM settle_top_up($1, $2, $3, $4, $5, $6, $7, $8)`, [
          row.id,
          status,
          bankReference,
          cardPan,
          reason,
          transferId,
          tracking,
          shardOf(row.id, this.env.PLATFORM_ACCOUNT_SHARDS),
        ]),
      newTrackingCode,
    );
    if (result.o_changed) {
      this.logger.info({ topUpId: row.id, status, reason }, 'top-up settled');
      if (status === 'SUCCEEDED') {
        this.wallets.changed({
          userId: row.user_id,
          walletId: result.o_wallet,
          balance: String(result.o_balance),
          version: String(result.o_seq),
        });
      }
    }
    return (await this.row(row.id))!;
  }

  /** A payment came in for a top-up that has ended without it: the bank returns it to the card. */
  private async reverseIfPaid(row: TopUpRow): Promise<void> {
    const gateway = this.gateways.get(row.gateway)!;
    try {
      const state = await gateway.inquire(row.authority);
      if (state === 'PAID' || state === 'VERIFIED') await this.reverse(row, `paid after the top-up was ${row.status}`);
    } catch (err) {
      this.logger.warn({ topUpId: row.id, err: String((err as Error).message) }, 'could not inquire a late payment');
    }
  }

  private async reverse(row: TopUpRow, why: string): Promise<void> {
    try {
      await this.gateways.get(row.gateway)!.reverse(row.authority);
      this.logger.warn({ topUpId: row.id, why }, "payment reversed to the payer's card");
    } catch (err) {
      this.logger.error(
        { topUpId: row.id, why, err: String((err as Error).message) },
        'A PAYMENT COULD NOT BE REVERSED: refund it by hand',
      );
    }
  }

  private row(id: string): Promise<TopUpRow | undefined> {
    return queryRow<TopUpRow>(this.ds, `SELECT ${COLUMNS} FROM top_ups WHERE id = $1`, [id]);
  }
}
