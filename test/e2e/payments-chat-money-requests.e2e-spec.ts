import { errorCode, SignedUp, TestPlatform } from '@test/support';
import {
  balanceOf,
  expectLedgerVerifies,
  key,
  startPaymentsPlatform,
  TRANSACTIONS,
  TransactionNode,
} from '../../apps/payments/test/support';
import {
  CANCEL_REQUEST,
  chatMoneyMessages,
  DECLINE_REQUEST,
  DIRECT,
  eventually,
  funded,
  GROUP,
  MONEY_REQUEST,
  PAY_REQUEST,
  REQUEST_MONEY,
} from './chat-money-helpers';
import { allUpdatesAfter, headCursor, subscribe } from './messaging-helpers';

/** Money requests in conversations (contract v2, ChatMoney). */
describe('money requests in chats', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPaymentsPlatform({
      services: ['accounts', 'messaging', 'payments'],
      env: { RATE_LIMIT_USER_BURST: '1000', RATE_LIMIT_USER_PER_SECOND: '1000' },
    });
  });
  afterAll(async () => {
    await platform?.close();
  });
  afterEach(async () => {
    if (platform) await expectLedgerVerifies(platform);
  });

  async function request(by: SignedUp, input: Record<string, unknown>) {
    const res = await platform.gql(REQUEST_MONEY, { i: { clientId: key(), ...input } }, by.token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.requestMoney;
  }

  it('asks the other member of a direct chat by default, posts a MONEY_REQUEST message, and one payment pays it', async () => {
    const alice = await platform.signUp();
    const bob = await funded(platform, '100000');
    const direct = (await platform.gql(DIRECT, { u: bob.userId }, alice.token)).data.startDirectConversation.id;
    const asked = await request(alice, { conversationId: direct, amount: '30000', note: 'سهم شام' });
    expect(asked).toMatchObject({
      status: 'OPEN',
      amount: '30000',
      note: 'سهم شام',
      requester: { id: alice.userId },
      payer: { id: bob.userId },
    });
    const posted = await eventually(async () =>
      (await chatMoneyMessages(platform, bob.token, direct)).find((m) => m.kind === 'MONEY_REQUEST'),
    );
    expect(posted).toMatchObject({ sender: { id: alice.userId }, moneyRequest: { id: asked.id, status: 'OPEN' } });

    expect(errorCode(await platform.gql(PAY_REQUEST, { id: asked.id, k: key() }, alice.token))).toBe('FORBIDDEN');
    const k = key();
    const paid = await platform.gql(PAY_REQUEST, { id: asked.id, k }, bob.token);
    expect(paid.errors).toBeUndefined();
    expect(paid.data.payMoneyRequest).toMatchObject({
      status: 'PAID',
      paidBy: { id: bob.userId },
      payment: { amount: '30000', from: { id: bob.userId }, to: { id: alice.userId } },
    });
    // A retry with the same key answers the same; another key finds it closed.
    expect((await platform.gql(PAY_REQUEST, { id: asked.id, k }, bob.token)).data.payMoneyRequest.status).toBe('PAID');
    expect(errorCode(await platform.gql(PAY_REQUEST, { id: asked.id, k: key() }, bob.token))).toBe('ALREADY_CLOSED');
    expect(await balanceOf(platform, bob.token)).toBe('70000');
    expect(await balanceOf(platform, alice.token)).toBe('30000');
    const seenPaid = await eventually(async () => {
      const list = await chatMoneyMessages(platform, alice.token, direct);
      return list.find((m) => m.moneyRequest?.status === 'PAID') ? list : undefined;
    });
    // Shown paid on the request's own message; no PAYMENT message posted besides.
    expect(seenPaid!.filter((m) => m.kind === 'PAYMENT')).toEqual([]);
    expect(seenPaid!.filter((m) => m.kind === 'MONEY_REQUEST')).toHaveLength(1);
    const txs = (await platform.gql(TRANSACTIONS, { f: 5 }, bob.token)).data.wallet.transactions.edges.map(
      (e: { node: TransactionNode }) => e.node,
    );
    expect(txs[0]).toMatchObject({ kind: 'TRANSFER_OUT', amount: '30000', counterparty: { id: alice.userId } });
  });

  it('pays a request exactly once when 50 members race to pay it', async () => {
    const alice = await platform.signUp();
    const payers = await Promise.all(Array.from({ length: 5 }, () => funded(platform, '50000')));
    const group = (await platform.gql(GROUP, { t: 'قبض', m: payers.map((p) => p.userId) }, alice.token)).data.createGroup.id;
    const asked = await request(alice, { conversationId: group, amount: '20000' });
    expect(asked.payer).toBeNull();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => platform.gql(PAY_REQUEST, { id: asked.id, k: key() }, payers[i % payers.length].token)),
    );
    const ok = results.filter((r) => !r.errors);
    expect(ok).toHaveLength(1);
    expect(results.filter((r) => r.errors).map(errorCode)).toEqual(Array(49).fill('ALREADY_CLOSED'));
    const balances = await Promise.all(payers.map((p) => balanceOf(platform, p.token)));
    expect(balances.filter((b) => b === '30000')).toHaveLength(1);
    expect(balances.filter((b) => b === '50000')).toHaveLength(4);
    expect(await balanceOf(platform, alice.token)).toBe('20000');
  });

  it('lets only the payer asked decline, only the requester cancel, and refuses anything on a closed request', async () => {
    const alice = await platform.signUp();
    const bob = await funded(platform, '10000');
    const carol = await platform.signUp();
    const group = (await platform.gql(GROUP, { t: 'سفر', m: [bob.userId, carol.userId] }, alice.token)).data.createGroup.id;
    const asked = await request(alice, { conversationId: group, amount: '5000', payerId: bob.userId });
    expect(errorCode(await platform.gql(PAY_REQUEST, { id: asked.id, k: key() }, carol.token))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(DECLINE_REQUEST, { id: asked.id }, carol.token))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(CANCEL_REQUEST, { id: asked.id }, bob.token))).toBe('FORBIDDEN');
    expect((await platform.gql(DECLINE_REQUEST, { id: asked.id }, bob.token)).data.declineMoneyRequest.status).toBe('DECLINED');
    expect(errorCode(await platform.gql(PAY_REQUEST, { id: asked.id, k: key() }, bob.token))).toBe('ALREADY_CLOSED');
    expect(errorCode(await platform.gql(CANCEL_REQUEST, { id: asked.id }, alice.token))).toBe('ALREADY_CLOSED');

    const again = await request(alice, { conversationId: group, amount: '5000' });
    const cancelled = await platform.gql(CANCEL_REQUEST, { id: again.id }, alice.token);
    expect(cancelled.data.cancelMoneyRequest).toMatchObject({ status: 'CANCELLED' });
    expect(cancelled.data.cancelMoneyRequest.closedAt).not.toBeNull();
    expect(await balanceOf(platform, bob.token)).toBe('10000');
  });

  it('refuses a payer outside the conversation, and a request in a conversation the requester is not in', async () => {
    const alice = await platform.signUp();
    const bob = await platform.signUp();
    const stranger = await platform.signUp();
    const group = (await platform.gql(GROUP, { t: 'گروه', m: [bob.userId] }, alice.token)).data.createGroup.id;
    const res = await platform.gql(
      REQUEST_MONEY,
      { i: { conversationId: group, amount: '1000', payerId: stranger.userId, clientId: key() } },
      alice.token,
    );
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    const notMine = await platform.gql(REQUEST_MONEY, { i: { conversationId: group, amount: '1000', clientId: key() } }, stranger.token);
    expect(errorCode(notMine)).toBe('NOT_FOUND');
    const clientId = key();
    const first = await request(alice, { conversationId: group, amount: '1000', clientId });
    const second = await request(alice, { conversationId: group, amount: '1000', clientId });
    expect(second.id).toBe(first.id);
    expect((await platform.gql(MONEY_REQUEST, { id: first.id }, stranger.token)).data.moneyRequest).toBeNull();
    expect((await platform.gql(MONEY_REQUEST, { id: first.id }, bob.token)).data.moneyRequest.id).toBe(first.id);
  });

  it('shows a payment live to both members, and after a messaging outage once in the update stream, the money never waiting', async () => {
    const alice = await platform.signUp();
    const bob = await funded(platform, '50000');
    const direct = (await platform.gql(DIRECT, { u: bob.userId }, alice.token)).data.startDirectConversation.id;
    // Subscribed before the request exists: the subscription sees it added, then edited, each with its state then.
    const live = `subscription { updates { __typename
      ... on MessageAdded { message { id moneyRequest { id status } } }
      ... on MessageEdited { message { id moneyRequest { id status } } } } }`;
    const subs = [subscribe(platform, alice, live), subscribe(platform, bob, live)];
    await new Promise((r) => setTimeout(r, 300));
    const first = await request(alice, { conversationId: direct, amount: '1000' });
    const message = await eventually(async () =>
      (await chatMoneyMessages(platform, alice.token, direct)).find((m) => m.moneyRequest?.id === first.id),
    );
    for (const sub of subs) {
      const added = await eventually(async () => sub.received.find((u) => u.__typename === 'MessageAdded'));
      expect(added).toMatchObject({ message: { id: message!.id, moneyRequest: { status: 'OPEN' } } });
    }
    await platform.gql(PAY_REQUEST, { id: first.id, k: key() }, bob.token);
    for (const sub of subs) {
      const edited = await eventually(async () => sub.received.find((u) => u.__typename === 'MessageEdited'));
      expect(edited).toMatchObject({ message: { id: message!.id, moneyRequest: { id: first.id, status: 'PAID' } } });
      sub.close();
    }

    const second = await request(alice, { conversationId: direct, amount: '2000' });
    await eventually(async () => (await chatMoneyMessages(platform, alice.token, direct)).find((m) => m.moneyRequest?.id === second.id));
    const from = await headCursor(platform, alice);
    await platform.stopService('messaging');
    try {
      const paid = await platform.gql(PAY_REQUEST, { id: second.id, k: key() }, bob.token);
      expect(paid.data.payMoneyRequest.status).toBe('PAID');
      expect(await balanceOf(platform, bob.token)).toBe('47000');
    } finally {
      await platform.startService('messaging');
    }
    const edits = await eventually(async () => {
      const found = (await allUpdatesAfter(platform, alice, from)).filter((u) => u.__typename === 'MessageEdited');
      return found.length ? found : undefined;
    });
    await new Promise((r) => setTimeout(r, 500));
    expect((await allUpdatesAfter(platform, alice, from)).filter((u) => u.__typename === 'MessageEdited')).toHaveLength(edits!.length);
    expect(edits).toHaveLength(1);
    const list = await chatMoneyMessages(platform, alice.token, direct);
    expect(list.find((m) => m.moneyRequest?.id === second.id)!.moneyRequest!.status).toBe('PAID');
  });

  it('keeps a request visible by id to its payer after they leave the group, and to nobody else outside it', async () => {
    const alice = await platform.signUp();
    const bob = await funded(platform, '10000');
    const carol = await platform.signUp();
    const group = (await platform.gql(GROUP, { t: 'سفر', m: [bob.userId, carol.userId] }, alice.token)).data.createGroup.id;
    const asked = await request(alice, { conversationId: group, amount: '3000', payerId: bob.userId });
    await platform.gql(`mutation($c:ID!){ leaveConversation(conversationId:$c) }`, { c: group }, bob.token);
    await platform.gql(`mutation($c:ID!){ leaveConversation(conversationId:$c) }`, { c: group }, carol.token);
    expect((await platform.gql(MONEY_REQUEST, { id: asked.id }, bob.token)).data.moneyRequest).toMatchObject({
      id: asked.id,
      status: 'OPEN',
    });
    expect((await platform.gql(MONEY_REQUEST, { id: asked.id }, carol.token)).data.moneyRequest).toBeNull();
    expect((await platform.gql(PAY_REQUEST, { id: asked.id, k: key() }, bob.token)).data.payMoneyRequest.status).toBe('PAID');
  });
});
