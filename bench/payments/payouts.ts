// The payouts scenario of bench/payments/run.ts: requestPayout from each
// user to their own bank account (added once, through the gateway).
import { randomUUID } from 'node:crypto';
import { withCheckDigits } from '../../apps/payments/src/payouts/iban.rules';
import { BenchStack, Party } from '../support/stack';

export const REQUEST_PAYOUT = 'mutation($i:PayoutInput!){ requestPayout(input:$i){ id amount fee status } }';

/** Payout settings for the run: the default fee, and limits that a long run at full speed stays within. */
export const PAYOUT_ENV = { PAYOUT_DAILY_MAX_RIALS: '1000000000000000', PAYOUT_MAX_RIALS: '1000000000' };

const bankAccounts = new Map<string, string>();

/** One bank account per user (Melli, a valid Sheba derived from the user's number). */
export async function addBankAccounts(stack: BenchStack, users: Party[]): Promise<void> {
  for (const [i, u] of users.entries()) {
    const iban = withCheckDigits(`017${String(1_000_000_000_000 + i).padStart(19, '0')}`);
    const res = await fetch(`${stack.gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'bench', authorization: `Bearer ${u.token}` },
      body: JSON.stringify({ query: 'mutation($i:String!){ addBankAccount(iban:$i){ id } }', variables: { i: iban } }),
    });
    const body = (await res.json()) as { data?: { addBankAccount: { id: string } }; errors?: unknown };
    if (!body.data) throw new Error(`addBankAccount: ${JSON.stringify(body.errors)}`);
    bankAccounts.set(u.userId, body.data.addBankAccount.id);
  }
}

/** A new payout of 100,000 rials (+ the fee) from this user, under a new key. */
export function payoutBody(from: Party): object {
  return {
    query: REQUEST_PAYOUT,
    variables: { i: { bankAccountId: bankAccounts.get(from.userId), amount: '100000', idempotencyKey: randomUUID() } },
  };
}
