import { randomInt } from 'node:crypto';
import { connect } from 'nats';
import { RpcClient } from '@app/common';
import { PaymentsSubjects } from '@app/contracts';
import { errorCode, SignedUp, TestPlatform } from '@test/support';
import { makeBill } from '../../apps/payments/src/bills/bill.rules';
import { balanceOf, expectLedgerVerifies, fund, key, PAY_BILL, startPaymentsPlatform, TRANSFER } from '../../apps/payments/test/support';

const MESSAGES = `query($c:ID!){ messages(conversationId:$c, last: 50){ edges { node {
  id seq kind clientId text sender { id }
  payment { id amount note trackingCode conversationId from { id } to { id } }
  billPayment { id billId paymentId type amount trackingCode }
} } } }`;
/** One message of MESSAGES' answer, as far as these tests read it. */
interface MessageNode {
  id: string;
  kind: string;
  clientId: string | null;
  payment: { id: string; [field: string]: unknown };
  billPayment: { id: string; [field: string]: unknown };
}
const DIRECT = `mutation($u:ID!){ startDirectConversation(userId:$u){ id } }`;
const GROUP = `mutation($t:String!,$m:[ID!]!){ createGroup(title:$t, memberIds:$m){ id } }`;
const FORWARD = `mutation($m:ID!,$c:ID!,$k:String!){ forwardMessage(messageId:$m, toConversationId:$c, clientId:$k){ id kind payment { id } } }`;

async function eventually<T>(probe: () => Promise<T | undefined>, deadlineMs = 20_000): Promise<T | undefined> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Transfers and receipts in chats: payments publishes, messaging posts (PAYMENT / BILL_PAYMENT). */
describe('payments in chats', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPaymentsPlatform({ services: ['accounts', 'messaging', 'payments'], env: { RATE_LIMIT_USER_BURST: '1000' } });
  });
  afterAll(async () => {
    await platform?.close();
  });

  async function funded(amount: string): Promise<SignedUp> {
    const user = await platform.signUp();
    await fund(platform, user.token, amount);
    return user;
  }
  const messages = async (token: string, conversationId: string): Promise<MessageNode[]> => {
    const res = await platform.gql(MESSAGES, { c: conversationId }, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.messages.edges.map((e: { node: MessageNode }) => e.node);
  };
  const paymentMessages = async (token: string, conversationId: string, transferId: string) =>
    (await messages(token, conversationId)).filter((m) => m.kind === 'PAYMENT' && m.clientId === `payment:${transferId}`);

  it('posts a transfer as a PAYMENT message in the direct conversation, which both parties see with the transfer', async () => {
    const alice = await funded('100000');
    const bob = await platform.signUp();
    const res = await platform.gql(
      TRANSFER,
      { i: { toUserId: bob.userId, amount: '25000', note: 'قسط اول', idempotencyKey: key() } },
      alice.token,
    );
    expect(res.errors).toBeUndefined();
    const transfer = res.data.transferMoney;
    const direct = (await platform.gql(DIRECT, { u: alice.userId }, bob.token)).data.startDirectConversation.id;
    expect(transfer.conversationId).toBe(direct);
    const posted = await eventually(async () => {
      const found = await paymentMessages(bob.token, direct, transfer.id);
      return found.length ? found : undefined;
    });
    expect(posted).toHaveLength(1);
    expect(posted![0]).toMatchObject({
      kind: 'PAYMENT',
      sender: { id: alice.userId },
      text: 'قسط اول',
      payment: {
        id: transfer.id,
        amount: '25000',
        note: 'قسط اول',
        trackingCode: transfer.trackingCode,
        conversationId: direct,
        from: { id: alice.userId },
        to: { id: bob.userId },
      },
    });
    expect((await paymentMessages(alice.token, direct, transfer.id))[0].payment.id).toBe(transfer.id);
  });

  it('posts in the given group, where every member reading it sees the transfer; elsewhere only its parties do', async () => {
    const alice = await funded('100000');
    const bob = await platform.signUp();
    const carol = await platform.signUp();
    const dave = await platform.signUp();
    const group = (await platform.gql(GROUP, { t: 'خرج سفر', m: [bob.userId, carol.userId] }, alice.token)).data.createGroup.id;
    const res = await platform.gql(
      TRANSFER,
      { i: { toUserId: bob.userId, amount: '5000', idempotencyKey: key(), conversationId: group } },
      alice.token,
    );
    const id = res.data.transferMoney.id;
    expect(res.data.transferMoney.conversationId).toBe(group);
    const seen = await eventually(async () => (await paymentMessages(carol.token, group, id))[0]);
    expect(seen).toMatchObject({ payment: { id, from: { id: alice.userId }, to: { id: bob.userId } } });
    // Messaging does not forward PAYMENT messages; the rule is payments' own, so ask payments directly.
    const forwarded = await platform.gql(FORWARD, { m: seen!.id, c: group, k: key() }, carol.token);
    expect(errorCode(forwarded)).toBe('BAD_USER_INPUT');
    const nc = await connect({ servers: process.env.NATS_URL });
    try {
      const rpc = new RpcClient(nc, { timeoutMs: 5000 });
      const ask = (viewerId: string, conversationId: string | null) =>
        rpc.send(PaymentsSubjects.GetTransfers, { viewerId, refs: [{ id, conversationId }] }).then((r) => r[0]?.id ?? null);
      expect(await ask(carol.userId, group)).toBe(id);
      expect(await ask(carol.userId, null)).toBeNull();
      expect(await ask(dave.userId, group.replace(/^.{8}/, '00000000'))).toBeNull();
      expect(await ask(bob.userId, null)).toBe(id);
    } finally {
      await nc.close();
    }
  });

  it('refuses a conversation the sender is not in (FORBIDDEN) or the recipient is not in (BAD_USER_INPUT), moving nothing', async () => {
    const alice = await funded('100000');
    const bob = await platform.signUp();
    const carol = await platform.signUp();
    const bobCarol = (await platform.gql(DIRECT, { u: carol.userId }, bob.token)).data.startDirectConversation.id;
    const notMine = await platform.gql(
      TRANSFER,
      { i: { toUserId: bob.userId, amount: '1000', idempotencyKey: key(), conversationId: bobCarol } },
      alice.token,
    );
    expect(errorCode(notMine)).toBe('FORBIDDEN');
    const aliceCarol = (await platform.gql(DIRECT, { u: carol.userId }, alice.token)).data.startDirectConversation.id;
    const notTheirs = await platform.gql(
      TRANSFER,
      { i: { toUserId: bob.userId, amount: '1000', idempotencyKey: key(), conversationId: aliceCarol } },
      alice.token,
    );
    expect(errorCode(notTheirs)).toBe('BAD_USER_INPUT');
    expect(notTheirs.errors![0].extensions!.field).toBe('conversationId');
    expect(await balanceOf(platform, alice.token)).toBe('100000');
  });

  it('moves the money while messaging is stopped, and the PAYMENT message appears exactly once after it restarts', async () => {
    const alice = await funded('100000');
    const bob = await platform.signUp();
    await platform.stopService('messaging');
    let transfer!: { id: string; conversationId: string | null };
    try {
      const input = { toUserId: bob.userId, amount: '40000', idempotencyKey: key() };
      const res = await platform.gql(TRANSFER, { i: input }, alice.token);
      expect(res.errors).toBeUndefined();
      transfer = res.data.transferMoney;
      expect(transfer.conversationId).toBeNull();
      // A retry while messaging is still away answers the same transfer.
      expect((await platform.gql(TRANSFER, { i: input }, alice.token)).data.transferMoney.id).toBe(transfer.id);
      expect(await balanceOf(platform, alice.token)).toBe('60000');
      expect(await balanceOf(platform, bob.token)).toBe('40000');
    } finally {
      await platform.startService('messaging');
    }
    const direct = (await platform.gql(DIRECT, { u: bob.userId }, alice.token)).data.startDirectConversation.id;
    const posted = await eventually(async () => {
      const found = await paymentMessages(bob.token, direct, transfer.id);
      return found.length ? found : undefined;
    });
    expect(posted).toHaveLength(1);
    expect(posted![0].payment).toMatchObject({ id: transfer.id, amount: '40000', conversationId: direct });
    // Delivery is at least once underneath; give any redelivery its chance, then count again.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await paymentMessages(alice.token, direct, transfer.id)).toHaveLength(1);
    await expectLedgerVerifies(platform);
  });

  it('shares a bill receipt as a BILL_PAYMENT message that the chat members see', async () => {
    const alice = await funded('100000');
    const bob = await platform.signUp();
    const direct = (await platform.gql(DIRECT, { u: bob.userId }, alice.token)).data.startDirectConversation.id;
    const bill = makeBill(String(randomInt(10_000_000, 99_999_999)), '123', 2, 31, 4, 6);
    const res = await platform.gql(PAY_BILL, { i: { ...bill, idempotencyKey: key(), conversationId: direct } }, alice.token);
    expect(res.errors).toBeUndefined();
    const receipt = res.data.payBill;
    const shared = await eventually(async () =>
      (await messages(bob.token, direct)).find((m) => m.kind === 'BILL_PAYMENT' && m.clientId === `bill:${receipt.id}`),
    );
    expect(shared).toMatchObject({
      sender: { id: alice.userId },
      billPayment: { id: receipt.id, ...bill, type: 'ELECTRICITY', amount: '31000', trackingCode: receipt.trackingCode },
    });
    expect(await balanceOf(platform, alice.token)).toBe('69000');
  });

  it('refuses to share a receipt in a conversation the payer is not in, and pays nothing', async () => {
    const alice = await funded('100000');
    const bob = await platform.signUp();
    const carol = await platform.signUp();
    const bobCarol = (await platform.gql(DIRECT, { u: carol.userId }, bob.token)).data.startDirectConversation.id;
    const bill = makeBill(String(randomInt(10_000_000, 99_999_999)), '123', 1, 9, 4, 6);
    expect(errorCode(await platform.gql(PAY_BILL, { i: { ...bill, idempotencyKey: key(), conversationId: bobCarol } }, alice.token))).toBe(
      'FORBIDDEN',
    );
    expect(await balanceOf(platform, alice.token)).toBe('100000');
  });
});
