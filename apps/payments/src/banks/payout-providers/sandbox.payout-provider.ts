import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { queryRow } from '@app/common';
import { PayoutAnswer, PayoutOrder, PayoutProvider } from './payout-provider';

interface SandboxPayoutRow {
  reference: string;
  iban: string;
  age_ms: number;
}

const OWNERS = ['مریم احمدی', 'علی رضایی', 'زهرا محمدی', 'حسین کریمی', 'فاطمه حسینی', 'رضا موسوی', 'سارا جعفری', 'محمد کاظمی'];

/**
 * The development payout provider: keeps its books in the sandbox_payouts
 * table (so every copy and every restart sees the same provider), settles a
 * payout SUCCEEDED PAYOUT_SANDBOX_DELAY_MS after it received it, and fails
 * any payout to an IBAN ending in 9999, as the contract says.
 */
export class SandboxPayoutProvider implements PayoutProvider {
  readonly name = 'sandbox' as const;

  constructor(
    private readonly ds: DataSource,
    private readonly delayMs: number,
  ) {}

  async submit(order: PayoutOrder): Promise<PayoutAnswer> {
    const row = await queryRow<SandboxPayoutRow>(
      this.ds,
      `INSERT INTO sandbox_payouts AS s (reference, iban, amount) VALUES ($1, $2, $3)
       ON CONFLICT (reference) DO UPDATE SET submissions = s.submissions + 1
       RETURNING reference, iban, (extract(epoch FROM now() - received_at) * 1000)::float8 AS age_ms`,
      [order.reference, order.iban, order.amount.toString()],
    );
    return this.answer(row!);
  }

  async inquire(reference: string): Promise<PayoutAnswer> {
    const row = await queryRow<SandboxPayoutRow>(
      this.ds,
      `SELECT reference, iban, (extract(epoch FROM now() - received_at) * 1000)::float8 AS age_ms FROM sandbox_payouts WHERE reference = $1`,
      [reference],
    );
    return row ? this.answer(row) : { state: 'NOT_FOUND' };
  }

  async ownerName(iban: string): Promise<string | null> {
    return OWNERS[createHash('sha256').update(iban).digest()[0] % OWNERS.length];
  }

  private answer(row: SandboxPayoutRow): PayoutAnswer {
    if (row.age_ms < this.delayMs) return { state: 'PENDING', checkAfterMs: Math.ceil(this.delayMs - row.age_ms) };
    if (row.iban.endsWith('9999')) return { state: 'FAILED', reason: 'بانک مقصد این حساب را نپذیرفت (حساب مسدود است)' };
    const digits = BigInt(`0x${createHash('sha256').update(row.reference).digest('hex').slice(0, 12)}`) % 10n ** 12n;
    return { state: 'SUCCEEDED', bankReference: `SBX${digits.toString().padStart(12, '0')}` };
  }
}
