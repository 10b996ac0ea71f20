import { IsIn, IsInt, IsString, Max, Min } from 'class-validator';
import { DatabaseEnv } from '@app/common';
import { BankName } from '@app/contracts';

export class PaymentsEnv extends DatabaseEnv {
  /** This service's own PostgreSQL; DATABASE_URL when empty. */
  @IsString() PAYMENTS_DATABASE_URL = '';
  /**
   * The bank that takes new top-ups; empty means sandbox outside production
   * (production must name one). The variable keeps its name although
   * "gateway" in the code means only the GraphQL gateway: it is operators'
   * configuration, and "payment gateway" is what the banks call the product.
   */
  @IsIn(['', 'sandbox', 'zarinpal']) PAYMENT_GATEWAY = '';
  /** Where browsers reach the gateway app: the base of payment pages and bank callbacks. */
  @IsString() PUBLIC_URL = 'http://127.0.0.1:4000';
  @IsString() ZARINPAL_MERCHANT_ID = '';
  /** Zarinpal's host: the v4 API lives under /pg/v4/payment/, the payment page under /pg/StartPay/. */
  @IsString() ZARINPAL_BASE_URL = 'https://payment.zarinpal.com';
  @IsInt() @Min(100) @Max(120_000) ZARINPAL_TIMEOUT_MS = 10_000;

  @IsInt() @Min(1) TOPUP_MIN_RIALS = 10_000;
  @IsInt() @Min(1) TOPUP_MAX_RIALS = 2_000_000_000;
  @IsInt() @Min(1) TRANSFER_MAX_RIALS = 500_000_000;
  /** Per sender and Tehran calendar day, summed over transfers. */
  @IsInt() @Min(1) TRANSFER_DAILY_MAX_RIALS = 1_000_000_000;
  /** A bill above this is refused with INVALID_BILL / AMOUNT. */
  @IsInt() @Min(1000) BILL_MAX_RIALS = 10_000_000_000;

  /** A PENDING top-up is inquired at the bank once this old (its callback may still come before). */
  @IsInt() @Min(1) @Max(3600) TOPUP_INQUIRE_AFTER_SECONDS = 300;
  /** A PENDING top-up the bank still has not settled is EXPIRED at this age (the contract: within 15 minutes). */
  @IsInt() @Min(1) @Max(840) TOPUP_EXPIRE_AFTER_SECONDS = 720;
  @IsInt() @Min(50) @Max(300_000) TOPUP_SWEEP_INTERVAL_MS = 30_000;
  /** Idempotency keys are purged after this (the contract: at least 24 hours). */
  @IsInt() @Min(24) IDEMPOTENCY_TTL_HOURS = 48;

  /** Sub-accounts of each platform account: spreads the hot row that every bill payment credits. */
  @IsInt() @Min(1) @Max(256) PLATFORM_ACCOUNT_SHARDS = 16;
  @IsInt() @Min(20) @Max(60_000) OUTBOX_POLL_MS = 1000;
  /** How long a transfer waits for messaging to name the direct conversation before moving the money anyway. */
  @IsInt() @Min(50) @Max(30_000) MESSAGING_TIMEOUT_MS = 1500;

  get bank(): BankName {
    return this.PAYMENT_GATEWAY === 'zarinpal' ? 'zarinpal' : 'sandbox';
  }

  /** Refuses the development defaults in production. */
  assertSafeForProduction(): void {
    if (this.PAYMENT_GATEWAY === 'zarinpal' && !/^[0-9a-f-]{36}$/i.test(this.ZARINPAL_MERCHANT_ID)) {
      throw new Error('PAYMENT_GATEWAY=zarinpal needs ZARINPAL_MERCHANT_ID (36 characters)');
    }
    if (!this.production) return;
    if (this.PAYMENT_GATEWAY !== 'zarinpal')
      throw new Error('NODE_ENV=production refuses the sandbox bank gateway: set PAYMENT_GATEWAY=zarinpal');
    if (!this.PUBLIC_URL.startsWith('https://'))
      throw new Error('NODE_ENV=production needs PUBLIC_URL on https (bank callbacks come to it)');
  }
}
