import { BankName } from '@app/contracts';

/** What the bank says about a payment session when asked (never proof enough to credit: only verify is). */
export type InquiryStatus = 'VERIFIED' | 'PAID' | 'IN_BANK' | 'FAILED' | 'REVERSED';

export type VerifyOutcome =
  /** The bank confirms the payment for our amount; alreadyVerified when an earlier verify confirmed it (Zarinpal's 101). */
  | { kind: 'VERIFIED'; bankReference: string; cardPan: string | null; alreadyVerified: boolean }
  /** Nothing was paid in this session (cancelled, failed, or not ours). */
  | { kind: 'NOT_PAID'; reason: string }
  /** The session's amount is not the amount we asked for (Zarinpal's -50): nothing is credited. */
  | { kind: 'AMOUNT_MISMATCH'; reason: string };

export interface PaymentRequestInput {
  amount: bigint;
  callbackUrl: string;
  description: string;
  /** Our top-up id, for the bank's reports. */
  orderId: string;
}

/**
 * A bank, through its internet payment gateway (IPG: the bank's product
 * name; "gateway" alone in this codebase means the GraphQL gateway). The
 * browser's return to our callback is only a hint: money is credited after
 * verify() confirms it server to server, for the amount in our own database.
 */
export interface Bank {
  readonly name: BankName;
  request(input: PaymentRequestInput): Promise<{ authority: string; paymentUrl: string }>;
  verify(authority: string, amount: bigint): Promise<VerifyOutcome>;
  inquire(authority: string): Promise<InquiryStatus>;
  /** Returns a paid but unusable payment to the payer's card. */
  reverse(authority: string): Promise<void>;
}

/** The bank did not answer, or answered something we cannot act on: try again later, change nothing. */
export class BankUnavailableError extends Error {
  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message);
    this.name = 'BankUnavailableError';
  }
}
