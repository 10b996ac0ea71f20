import { randomUUID } from 'node:crypto';
import { PlatformOptions, TestPlatform } from '@test/support';
import { verifyLedger } from '../src/ledger/ledger-verify';

/** Helpers shared by the payments test files (not a test file itself). */

export const START_TOP_UP = `mutation($a:Money!,$k:String!){ startTopUp(amount:$a, idempotencyKey:$k){ id amount status paymentUrl bankReference createdAt completedAt } }`;
export const TOP_UP = `query($id:ID!){ topUp(id:$id){ id amount status bankReference completedAt } }`;
export const WALLET = `{ wallet { id balance currency } }`;
export const TRANSACTIONS = `query($f:Int,$a:String){ wallet { balance transactions(first:$f, after:$a){
  edges { cursor node { id kind amount balanceAfter trackingCode description counterparty { id } billPayment { id billId paymentId type amount trackingCode } createdAt } }
  pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`;
/** One entry of TRANSACTIONS' answer. */
export interface TransactionNode {
  id: string;
  kind: string;
  amount: string;
  balanceAfter: string;
  trackingCode: string;
  description: string | null;
  counterparty: { id: string } | null;
  billPayment: { id: string; billId: string; paymentId: string; type: string; amount: string; trackingCode: string } | null;
  createdAt: string;
}
export const TRANSFER = `mutation($i:TransferInput!){ transferMoney(input:$i){ id amount note trackingCode conversationId createdAt from { id } to { id } } }`;
export const PAY_BILL = `mutation($i:PayBillInput!){ payBill(input:$i){ id billId paymentId type amount trackingCode paidAt } }`;

/**
 * The platform with payments' PUBLIC_URL pointing at its own gateway, so
 * payment pages and bank callbacks are real URLs a test can follow.
 */
export async function startPaymentsPlatform(options: PlatformOptions = {}): Promise<TestPlatform> {
  const platform = await TestPlatform.start(options);
  await platform.stopService('payments');
  await platform.startService('payments', { PUBLIC_URL: platform.url });
  return platform;
}

/** Follows a sandbox payment page as a browser would: POST the choice, then the 303 to the callback. */
export async function payAtSandbox(
  paymentUrl: string,
  action: 'pay' | 'cancel' = 'pay',
): Promise<{ callbackUrl: string; page: string; status: number }> {
  const decided = await fetch(paymentUrl, { method: 'POST', body: new URLSearchParams({ action }), redirect: 'manual' });
  if (decided.status !== 303) throw new Error(`sandbox answered ${decided.status}: ${await decided.text()}`);
  const callbackUrl = decided.headers.get('location')!;
  const result = await fetch(callbackUrl);
  return { callbackUrl, page: await result.text(), status: result.status };
}

/** Tops a wallet up through the sandbox bank, end to end; returns the top-up id. */
export async function fund(platform: TestPlatform, token: string, amount: string | bigint): Promise<string> {
  const started = await platform.gql(START_TOP_UP, { a: String(amount), k: randomUUID() }, token);
  if (started.errors) throw new Error(`startTopUp: ${JSON.stringify(started.errors)}`);
  const { status } = await payAtSandbox(started.data.startTopUp.paymentUrl);
  if (status !== 200) throw new Error(`callback answered ${status}`);
  return started.data.startTopUp.id;
}

export async function balanceOf(platform: TestPlatform, token: string): Promise<string> {
  const res = await platform.gql(WALLET, {}, token);
  if (res.errors) throw new Error(`wallet: ${JSON.stringify(res.errors)}`);
  return res.data.wallet.balance;
}

/** ledger:verify against the test database; fails the test with every problem listed. */
export async function expectLedgerVerifies(platform: TestPlatform): Promise<void> {
  const report = await verifyLedger(platform.databaseUrl);
  expect(report.problems).toEqual([]);
  expect(report.ok).toBe(true);
}

export const key = () => randomUUID();
