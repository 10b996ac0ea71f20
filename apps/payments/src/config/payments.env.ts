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

  // Payouts (contract v2), to the users' own bank accounts.
  /** Who pays out: sandbox or jibit (Jibit Transferor); empty means sandbox outside production (production must name one). */
  @IsIn(['', 'sandbox', 'jibit']) PAYOUT_PROVIDER = '';
  /** The sandbox settles a payout this long after it received it. */
  @IsInt() @Min(0) @Max(600_000) PAYOUT_SANDBOX_DELAY_MS = 2000;
  @IsString() JIBIT_API_KEY = '';
  @IsString() JIBIT_SECRET_KEY = '';
  /** Jibit Transferor (payouts) and Identicator (the IBAN's owner). */
  @IsString() JIBIT_TRANSFEROR_URL = 'https://napi.jibit.ir/trf';
  @IsString() JIBIT_IDENTICATOR_URL = 'https://napi.jibit.ir/ide';
  @IsInt() @Min(100) @Max(120_000) JIBIT_TIMEOUT_MS = 10_000;
  @IsInt() @Min(1) PAYOUT_MIN_RIALS = 100_000;
  @IsInt() @Min(1) PAYOUT_MAX_RIALS = 1_000_000_000;
  /** Per user and Tehran calendar day, summed over payouts not returned. */
  @IsInt() @Min(1) PAYOUT_DAILY_MAX_RIALS = 2_000_000_000;
  /** Taken on top of each payout's amount. */
  @IsInt() @Min(0) PAYOUT_FEE_RIALS = 5_000;
  /** A payout waits this long before it is sent: the window in which cancelPayout can stop it. */
  @IsInt() @Min(0) @Max(3_600_000) PAYOUT_SEND_DELAY_MS = 2_000;
  /** How often each copy looks for payouts to send or to inquire. */
  @IsInt() @Min(20) @Max(300_000) PAYOUT_POLL_MS = 1_000;
  /** A sent payout without a final answer is inquired this often. */
  @IsInt() @Min(50) @Max(3_600_000) PAYOUT_INQUIRE_EVERY_MS = 10_000;
  /** A payout whose submission got no answer and that the provider still does not know this long after is submitted again, under the same reference. */
  @IsInt() @Min(1_000) @Max(86_400_000) PAYOUT_RESUBMIT_AFTER_MS = 120_000;
  @IsInt() @Min(1) @Max(100) BANK_ACCOUNTS_MAX = 10;

  get payoutProvider(): 'sandbox' | 'jibit' {
    return this.PAYOUT_PROVIDER === 'jibit' ? 'jibit' : 'sandbox';
  }
  /** A bill split still collecting this long after it was made is cancelled and every share goes back (contract: 7 days). */
  @IsInt() @Min(1) @Max(90 * 86_400) BILL_SPLIT_EXPIRE_SECONDS = 7 * 86_400;
  /** Members one bill may be split between (the creator included). */
  @IsInt() @Min(2) @Max(1000) BILL_SPLIT_MAX_SHARERS = 100;
  /** How often expired splits, and splits whose bill was paid some other way, are looked for. */
  @IsInt() @Min(50) @Max(3_600_000) BILL_SPLIT_SWEEP_INTERVAL_MS = 30_000;

  get bank(): BankName {
    return this.PAYMENT_GATEWAY === 'zarinpal' ? 'zarinpal' : 'sandbox';
  }

  /** Refuses the development defaults in production. */
  assertSafeForProduction(): void {
    if (this.PAYMENT_GATEWAY === 'zarinpal' && !/^[0-9a-f-]{36}$/i.test(this.ZARINPAL_MERCHANT_ID)) {
      throw new Error('PAYMENT_GATEWAY=zarinpal needs ZARINPAL_MERCHANT_ID (36 characters)');
    }
    if (this.PAYOUT_PROVIDER === 'jibit' && (!this.JIBIT_API_KEY || !this.JIBIT_SECRET_KEY)) {
      throw new Error('PAYOUT_PROVIDER=jibit needs JIBIT_API_KEY and JIBIT_SECRET_KEY');
    }
    if (!this.production) return;
    if (this.PAYOUT_PROVIDER !== 'jibit')
      throw new Error('NODE_ENV=production refuses the sandbox payout provider: set PAYOUT_PROVIDER=jibit');
    if (this.PAYMENT_GATEWAY !== 'zarinpal')
      throw new Error('NODE_ENV=production refuses the sandbox bank gateway: set PAYMENT_GATEWAY=zarinpal');
    if (!this.PUBLIC_URL.startsWith('https://'))
      throw new Error('NODE_ENV=production needs PUBLIC_URL on https (bank callbacks come to it)');
  }
}
