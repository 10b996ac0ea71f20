/** The payout providers payments can send money out through (PAYOUT_PROVIDER). */
export type PayoutProviderName = 'sandbox' | 'jibit';

export interface PayoutOrder {
  /** Our idempotency reference: the provider knows the payout by it, and refuses a second one under it. */
  reference: string;
  /** IR and 24 digits. */
  iban: string;
  /** Rials that reach the account. */
  amount: bigint;
  ownerName: string | null;
  description: string;
}

/** Where the provider says a payout is. */
export type PayoutAnswer =
  | { state: 'SUCCEEDED'; bankReference: string }
  /** Final: nothing left our account; reason is for a person. */
  | { state: 'FAILED'; reason: string }
  /** Accepted, not finished; checkAfterMs when the provider can tell when to ask again. */
  | { state: 'PENDING'; checkAfterMs?: number }
  /** From inquire only: the provider has no payout under that reference (it never arrived). */
  | { state: 'NOT_FOUND' };

/** The provider did not answer (timeout, network, 5xx, a body we cannot read): the payout's fate is unknown, ask again later. */
export class PayoutProviderUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayoutProviderUnavailableError';
  }
}

/**
 * A payout/settlement API. submit() is idempotent at the provider by the
 * order's reference (a second submit under it changes nothing there), and is
 * called once per payout unless inquire() later says the provider never
 * received it. Every final answer is settled once by settle_payout.
 */
export interface PayoutProvider {
  readonly name: PayoutProviderName;
  submit(order: PayoutOrder): Promise<PayoutAnswer>;
  inquire(reference: string): Promise<PayoutAnswer>;
  /** The holder's name by the bank's IBAN inquiry; null when the provider cannot say. */
  ownerName(iban: string): Promise<string | null>;
}
