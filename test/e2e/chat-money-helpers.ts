import { randomInt } from 'node:crypto';
import { SignedUp, TestPlatform } from '@test/support';
import { makeBill } from '../../apps/payments/src/bills/bill.rules';
import { fund } from '../../apps/payments/test/support';

/** Helpers shared by the chat money test files (not a test file itself). */

export const MONEY_REQUEST_FIELDS = `id conversationId amount note status createdAt closedAt
  requester { id } payer { id } paidBy { id } payment { id amount trackingCode from { id } to { id } }`;
export const BILL_SPLIT_FIELDS = `id conversationId status collected createdAt createdBy { id }
  bill { billId paymentId type amount alreadyPaid } shares { user { id } amount paidAt }
  billPayment { id billId paymentId amount trackingCode }`;

export const REQUEST_MONEY = `mutation($i:MoneyRequestInput!){ requestMoney(input:$i){ ${MONEY_REQUEST_FIELDS} } }`;
export const PAY_REQUEST = `mutation($id:ID!,$k:String!){ payMoneyRequest(id:$id, idempotencyKey:$k){ ${MONEY_REQUEST_FIELDS} } }`;
export const DECLINE_REQUEST = `mutation($id:ID!){ declineMoneyRequest(id:$id){ ${MONEY_REQUEST_FIELDS} } }`;
export const CANCEL_REQUEST = `mutation($id:ID!){ cancelMoneyRequest(id:$id){ ${MONEY_REQUEST_FIELDS} } }`;
export const MONEY_REQUEST = `query($id:ID!){ moneyRequest(id:$id){ ${MONEY_REQUEST_FIELDS} } }`;
export const SPLIT_BILL = `mutation($i:SplitBillInput!){ splitBill(input:$i){ ${BILL_SPLIT_FIELDS} } }`;
export const PAY_SHARE = `mutation($id:ID!,$k:String!){ payBillShare(splitId:$id, idempotencyKey:$k){ ${BILL_SPLIT_FIELDS} } }`;
export const CANCEL_SPLIT = `mutation($id:ID!){ cancelBillSplit(id:$id){ ${BILL_SPLIT_FIELDS} } }`;
export const BILL_SPLIT = `query($id:ID!){ billSplit(id:$id){ ${BILL_SPLIT_FIELDS} } }`;
export const CHAT_MONEY_MESSAGES = `query($c:ID!){ messages(conversationId:$c, last: 50){ edges { node {
  id seq kind clientId sender { id } moneyRequest { id status paidBy { id } } billSplit { id status collected }
} } } }`;
export const DIRECT = `mutation($u:ID!){ startDirectConversation(userId:$u){ id } }`;
export const GROUP = `mutation($t:String!,$m:[ID!]!){ createGroup(title:$t, memberIds:$m){ id } }`;

/** A new valid bill of amount thousands of rials, never paid before. */
export function newBill(thousands: number): { billId: string; paymentId: string } {
  return makeBill(String(randomInt(10_000_000, 99_999_999)), String(randomInt(1, 999)), 1, thousands, 4, randomInt(1, 99));
}

export async function funded(platform: TestPlatform, amount: string): Promise<SignedUp> {
  const user = await platform.signUp();
  await fund(platform, user.token, amount);
  return user;
}

/** The value probe gives once it is defined, polling for up to deadlineMs; undefined if it never is. */
export async function eventually<T>(probe: () => Promise<T | undefined>, deadlineMs = 20_000): Promise<T | undefined> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface ChatMoneyMessage {
  id: string;
  kind: string;
  clientId: string | null;
  sender: { id: string };
  moneyRequest: { id: string; status: string; paidBy: { id: string } | null } | null;
  billSplit: { id: string; status: string; collected: string } | null;
}

export async function chatMoneyMessages(platform: TestPlatform, token: string, conversationId: string): Promise<ChatMoneyMessage[]> {
  const res = await platform.gql(CHAT_MONEY_MESSAGES, { c: conversationId }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.messages.edges.map((e: { node: ChatMoneyMessage }) => e.node);
}
