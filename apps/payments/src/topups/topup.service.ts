import { Inject, Injectable } from '@nestjs/common';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { DomainError, isUuid, LOGGER, queryRow } from '@app/common';
import { ErrorCode, StartTopUpRequest, TopUpCallbackRequest, TopUpCallbackView, TopUpView } from '@app/contracts';
import { BankUnavailableError, VerifyOutcome } from '../banks/bank';
import { BankRegistry } from '../banks/bank.registry';
import { PaymentsEnv } from '../config/payments.env';
import { claimIdempotencyKey } from '../database/functions/claim_idempotency_key.function';
import { settleTopUp, SettleTopUpInput } from '../database/functions/settle_top_up.function';
import { argsHash, derivedId, newTrackingCode, shardOf } from '../ledger/ids';
import { cleanKey, previousResult } from '../ledger/idempotency';
import { formatRials, parseRials } from '../ledger/money';
import { isUniqueViolation, ledgerError, withTrackingCode } from '../ledger/sql-errors';
import { WalletEvents } from '../wallet/wallet-events';
import { TOP_UP_COLUMNS, TopUpRow, toTopUpView } from './topup.row';

/** Why we are looking at a top-up: the browser came back (OK or NOK), or the sweeper found it waiting. */
export type Hint = 'OK' | 'NOK' | 'SWEEP';

@Injectable()
export class TopUpService {
  constructor(
    private readonly ds: DataSource,
    private readonly env: PaymentsEnv,
    private readonly banks: BankRegistry,
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
    const id = derivedId('topup', input.viewerId, key);
    const previous = await previousResult(this.ds, input.viewerId, key, 'startTopUp', hash);
    if (previous) return toTopUpView((await this.row(previous))!);

    const bank = this.banks.active;
    let session: { authority: string; paymentUrl: string };
    try {
      session = await bank.request({
        amount,
        callbackUrl: `${this.env.PUBLIC_URL.replace(/\/+$/, '')}/payments/ipg/${bank.name}/callback`,
        description: `افزایش موجودی کیف پول: ${formatRials(amount)} ریال`,
        orderId: id,
      });
    } catch (err) {
      this.logger.warn({ err: String((err as Error).message), topUpId: id }, 'the bank refused or did not answer a payment request');
      throw new DomainError(ErrorCode.ServiceUnavailable, 'The bank did not accept the payment request; nothing was charged, try again');
    }
    try {
      const ref = await this.ds.transaction(async (db) => {
        const claimed = await claimIdempotencyKey(db, {
          viewerId: input.viewerId,
          key,
          operation: 'startTopUp',
          argsHash: hash,
          refId: id,
        });
        if (claimed) return claimed;
        await queryRow<never>(
          db,
          `INSERT INTO top_ups (id, user_id, amount, gateway, authority, payment_url) VALUES ($1, $2, $3, $4, $5, $6)`,
          [id, input.viewerId, amount.toString(), bank.name, session.authority, session.paymentUrl],
        );
        return id;
      });
      return toTopUpView((await this.row(ref))!);
    } catch (err) {
      if (isUniqueViolation(err, 'top_ups_pkey')) {
        // The key outlived its record; the top-up it named stands.
        const existing = (await this.row(id))!;
        if (existing.user_id !== input.viewerId || BigInt(existing.amount) !== amount) {
          throw new DomainError(ErrorCode.IdempotencyConflict, 'This idempotency key was already used with different arguments');
        }
        return toTopUpView(existing);
      }
      // claim_idempotency_key raises PY002 when the key was used with another amount.
      throw ledgerError(err) ?? err;
    }
  }

  async get(viewerId: string, id: string): Promise<TopUpView | null> {
    if (!isUuid(id)) return null;
    const row = await this.row(id);
    return row && row.user_id === viewerId ? toTopUpView(row) : null;
  }

  /**
   * The browser came back from the bank. Proof of nothing: we find the top-up
   * by the authority we stored, ask the bank ourselves, and settle it once.
   */
  async callback(input: TopUpCallbackRequest): Promise<TopUpCallbackView> {
    const row = await queryRow<TopUpRow>(this.ds, `SELECT ${TOP_UP_COLUMNS} FROM top_ups WHERE gateway = $1 AND authority = $2`, [
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
    const bank = this.banks.get(row.gateway);
    if (!bank) {
      this.logger.error({ topUpId: row.id, bank: row.gateway }, 'a top-up went through a bank that is not configured here');
      return row;
    }
    if (row.status !== 'PENDING') {
      if (row.status !== 'SUCCEEDED' && hint === 'OK') await this.reverseIfPaid(row);
      return row;
    }
    let outcome: VerifyOutcome | null = null;
    try {
      if (hint === 'OK') {
        outcome = await bank.verify(row.authority, BigInt(row.amount));
      } else {
        const state = await bank.inquire(row.authority);
        if (state === 'PAID' || state === 'VERIFIED') outcome = await bank.verify(row.authority, BigInt(row.amount));
        else if (state === 'FAILED' || state === 'REVERSED') outcome = { kind: 'NOT_PAID', reason: `the bank says ${state}` };
      }
    } catch (err) {
      if (!(err instanceof BankUnavailableError)) throw err;
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
    status: SettleTopUpInput['status'],
    bankReference: string | null,
    cardPan: string | null,
    reason: string | null,
  ): Promise<TopUpRow> {
    const result = await withTrackingCode(
      (trackingCode) =>
        settleTopUp(this.ds, {
          topUpId: row.id,
          status,
          bankReference,
          cardPan,
          reason,
          transferId: derivedId('topup-credit', row.id),
          trackingCode,
          shard: shardOf(row.id, this.env.PLATFORM_ACCOUNT_SHARDS),
        }),
      newTrackingCode,
    );
    if (result.changed) {
      this.logger.info({ topUpId: row.id, status, reason }, 'top-up settled');
      if (status === 'SUCCEEDED') {
        this.wallets.changed({
          userId: row.user_id,
          walletId: result.walletId!,
          balance: String(result.balance),
          version: String(result.seq),
        });
      }
    }
    return (await this.row(row.id))!;
  }

  /** A payment came in for a top-up that has ended without it: the bank returns it to the card. */
  private async reverseIfPaid(row: TopUpRow): Promise<void> {
    const bank = this.banks.get(row.gateway)!;
    try {
      const state = await bank.inquire(row.authority);
      if (state === 'PAID' || state === 'VERIFIED') await this.reverse(row, `paid after the top-up was ${row.status}`);
    } catch (err) {
      this.logger.warn({ topUpId: row.id, err: String((err as Error).message) }, 'could not inquire a late payment');
    }
  }

  private async reverse(row: TopUpRow, why: string): Promise<void> {
    try {
      await this.banks.get(row.gateway)!.reverse(row.authority);
      this.logger.warn({ topUpId: row.id, why }, "payment reversed to the payer's card");
    } catch (err) {
      this.logger.error(
        { topUpId: row.id, why, err: String((err as Error).message) },
        'A PAYMENT COULD NOT BE REVERSED: refund it by hand',
      );
    }
  }

  private row(id: string): Promise<TopUpRow | undefined> {
    return queryRow<TopUpRow>(this.ds, `SELECT ${TOP_UP_COLUMNS} FROM top_ups WHERE id = $1`, [id]);
  }
}
