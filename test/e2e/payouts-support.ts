import { randomUUID } from 'node:crypto';
import { TestPlatform } from '@test/support';
import { withCheckDigits } from '../../apps/payments/src/payouts/iban.rules';

/** Helpers shared by the payout test files (not a test file itself). */

export const PAYOUT_FIELDS = `id amount fee status cancellable trackingCode bankReference failureReason createdAt completedAt
  bankAccount { id iban bankName bankColor ownerName }`;
export const ADD_BANK_ACCOUNT = `mutation($i:String!){ addBankAccount(iban:$i){ id iban bankName bankColor ownerName createdAt } }`;
export const REQUEST_PAYOUT = `mutation($i:PayoutInput!){ requestPayout(input:$i){ ${PAYOUT_FIELDS} } }`;
export const CANCEL_PAYOUT = `mutation($id:ID!){ cancelPayout(id:$id){ ${PAYOUT_FIELDS} } }`;
export const PAYOUTS = `query($f:Int,$a:String){ payouts(first:$f, after:$a){ edges { cursor node { ${PAYOUT_FIELDS} } } pageInfo { hasNextPage endCursor } } }`;

/** A valid IBAN at Melli (017) whose account ends in the given digits. */
export function ibanEndingIn(ending: string, bank = '017'): string {
  const account = `${randomUUID().replace(/\D/g, '')}0000000000000000000`.slice(0, 19 - ending.length) + ending;
  return withCheckDigits(`${bank}${account}`);
}

/** Polls until check() holds; asserts an outcome, never a timing. */
export async function eventually(check: () => Promise<boolean>, deadlineMs = 20_000): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

export async function addBankAccount(
  platform: TestPlatform,
  token: string,
  iban: string,
): Promise<{ id: string; ownerName: string | null }> {
  const res = await platform.gql(ADD_BANK_ACCOUNT, { i: iban }, token);
  if (res.errors) throw new Error(`addBankAccount: ${JSON.stringify(res.errors)}`);
  return res.data.addBankAccount;
}

export async function payoutStatus(platform: TestPlatform, token: string, id: string): Promise<string | undefined> {
  const res = await platform.gql(PAYOUTS, { f: 100 }, token);
  return res.data?.payouts.edges.find((e: { node: { id: string } }) => e.node.id === id)?.node.status;
}

/** Waits until the payout has ended; answers its status. */
export async function ended(platform: TestPlatform, token: string, id: string): Promise<string | undefined> {
  let status: string | undefined;
  await eventually(async () => {
    status = await payoutStatus(platform, token, id);
    return status !== 'PENDING';
  });
  return status;
}
