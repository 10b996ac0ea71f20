import { randomBytes, randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainError, queryRow, queryRows } from '@app/common';
import { SandboxDecisionView, SandboxSessionView } from '@app/contracts';
import { Bank, InquiryStatus, PaymentRequestInput, VerifyOutcome } from './bank';
import { SANDBOX_SESSION_COLUMNS, SandboxSessionRow, toSandboxSessionView } from './sandbox-session.row';

/**
 * A bank for development and tests that behaves like a real one: its
 * own books (sandbox_sessions), a payment page with Pay and Cancel (served by
 * the gateway app under /payments/ipg/sandbox/), a redirect to the merchant's
 * callback, and verify / inquire / reverse with a real bank's answers.
 */
export class SandboxBank implements Bank {
  readonly name = 'sandbox' as const;

  constructor(
    private readonly ds: DataSource,
    private readonly publicUrl: string,
  ) {}

  async request(input: PaymentRequestInput): Promise<{ authority: string; paymentUrl: string }> {
    const authority = `S${randomBytes(20).toString('hex')}`;
    await queryRows<never>(this.ds, `INSERT INTO sandbox_sessions (authority, amount, description, callback_url) VALUES ($1, $2, $3, $4)`, [
      authority,
      input.amount.toString(),
      input.description,
      input.callbackUrl,
    ]);
    return { authority, paymentUrl: `${this.publicUrl.replace(/\/+$/, '')}/payments/ipg/sandbox/pay/${authority}` };
  }

  async verify(authority: string, amount: bigint): Promise<VerifyOutcome> {
    const session = await this.find(authority);
    if (!session) return { kind: 'NOT_PAID', reason: 'no such payment session' };
    if (BigInt(session.amount) !== amount) return { kind: 'AMOUNT_MISMATCH', reason: 'the amount is not the session amount' };
    if (session.state === 'PAID') {
      const verified = await queryRow<{ ref_id: string }>(
        this.ds,
        `UPDATE sandbox_sessions SET state = 'VERIFIED' WHERE authority = $1 AND state = 'PAID' RETURNING ref_id`,
        [authority],
      );
      if (verified) return { kind: 'VERIFIED', bankReference: verified.ref_id, cardPan: '6037-99**-****-1234', alreadyVerified: false };
      return this.verify(authority, amount);
    }
    if (session.state === 'VERIFIED') {
      return { kind: 'VERIFIED', bankReference: session.ref_id!, cardPan: '6037-99**-****-1234', alreadyVerified: true };
    }
    return { kind: 'NOT_PAID', reason: session.state === 'OPEN' ? 'not paid yet' : `payment ${session.state.toLowerCase()}` };
  }

  async inquire(authority: string): Promise<InquiryStatus> {
    const session = await this.find(authority);
    switch (session?.state) {
      case 'OPEN':
        return 'IN_BANK';
      case 'PAID':
        return 'PAID';
      case 'VERIFIED':
        return 'VERIFIED';
      case 'REVERSED':
        return 'REVERSED';
      default:
        return 'FAILED';
    }
  }

  async reverse(authority: string): Promise<void> {
    await queryRows<never>(
      this.ds,
      `UPDATE sandbox_sessions SET state = 'REVERSED' WHERE authority = $1 AND state IN ('PAID', 'VERIFIED')`,
      [authority],
    );
  }

  /** What the payment page shows. */
  async session(authority: string): Promise<SandboxSessionView> {
    const session = await this.find(authority);
    if (!session) throw DomainError.notFound('No such payment session');
    return toSandboxSessionView(session);
  }

  /**
   * The payer pressed Pay or Cancel. Only an open session changes; either
   * way the browser goes back to the merchant with the session's real outcome.
   */
  async decide(authority: string, action: string): Promise<SandboxDecisionView> {
    if (action !== 'pay' && action !== 'cancel') throw DomainError.badInput('action', 'action is pay or cancel');
    const refId = String(randomInt(100_000_000, 1_000_000_000)) + String(randomInt(0, 10));
    await queryRows<never>(
      this.ds,
      `UPDATE sandbox_sessions SET state = $2, ref_id = CASE WHEN $2 = 'PAID' THEN $3 END, decided_at = now()
        WHERE authority = $1 AND state = 'OPEN'`,
      [authority, action === 'pay' ? 'PAID' : 'CANCELLED', refId],
    );
    const session = await this.find(authority);
    if (!session) throw DomainError.notFound('No such payment session');
    const status = session.state === 'PAID' || session.state === 'VERIFIED' ? 'OK' : 'NOK';
    const url = new URL(session.callback_url);
    url.searchParams.set('Authority', authority);
    url.searchParams.set('Status', status);
    return { redirectUrl: url.toString() };
  }

  private async find(authority: string): Promise<SandboxSessionRow | undefined> {
    return queryRow<SandboxSessionRow>(this.ds, `SELECT ${SANDBOX_SESSION_COLUMNS} FROM sandbox_sessions WHERE authority = $1`, [
      authority,
    ]);
  }
}
