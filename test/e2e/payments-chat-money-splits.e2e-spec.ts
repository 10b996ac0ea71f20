import { Client } from 'pg';
import { errorCode, SignedUp, TestPlatform } from '@test/support';
import {
  balanceOf,
  expectLedgerVerifies,
  key,
  PAY_BILL,
  startPaymentsPlatform,
  TRANSACTIONS,
  TransactionNode,
} from '../../apps/payments/test/support';
import {
  BILL_SPLIT,
  CANCEL_SPLIT,
  chatMoneyMessages,
  eventually,
  funded,
  GROUP,
  newBill,
  PAY_SHARE,
  SPLIT_BILL,
} from './chat-money-helpers';
import { subscribe } from './messaging-helpers';

const UPDATES = `subscription { updates { __typename conversationId
  ... on MessageEdited { message { id kind billSplit { id status collected } } } } }`;

interface Split {
  id: string;
  status: string;
  collected: string;
  shares: Array<{ user: { id: string }; amount: string; paidAt: string | null }>;
  bill: { alreadyPaid: boolean };
  billPayment: { id: string; amount: string; trackingCode: string } | null;
}

/** Bills split in conversations (contract v2, ChatMoney): shares held in the split, paid once, or all returned. */
describe('bill splits in chats', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPaymentsPlatform({
      services: ['accounts', 'messaging', 'payments'],
      env: { RATE_LIMIT_USER_BURST: '1000', RATE_LIMIT_USER_PER_SECOND: '1000', BILL_SPLIT_SWEEP_INTERVAL_MS: '200' },
    });
  });
  afterAll(async () => {
    await platform?.close();
  });
  afterEach(async () => {
    if (platform) await expectLedgerVerifies(platform);
  });

  /** Three funded members in a group, and a bill of 90,000 rials split between them. */
  async function threeWaySplit(
    thousands = 90,
  ): Promise<{ people: SignedUp[]; group: string; split: Split; bill: { billId: string; paymentId: string } }> {
    const people = await Promise.all([funded(platform, '100000'), funded(platform, '100000'), funded(platform, '100000')]);
    const [alice, bob, carol] = people;
    const group = (await platform.gql(GROUP, { t: 'قبض برق', m: [bob.userId, carol.userId] }, alice.token)).data.createGroup.id;
    const bill = newBill(thousands);
    const res = await platform.gql(
      SPLIT_BILL,
      { i: { conversationId: group, ...bill, memberIds: [bob.userId, carol.userId], clientId: key() } },
      alice.token,
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return { people, group, split: res.data.splitBill, bill };
  }

  async function payShare(user: SignedUp, splitId: string, k = key()): Promise<Split> {
    const res = await platform.gql(PAY_SHARE, { id: splitId, k }, user.token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.payBillShare;
  }

  const splitOf = async (user: SignedUp, id: string): Promise<Split> => (await platform.gql(BILL_SPLIT, { id }, user.token)).data.billSplit;

  it('collects every share into the split, pays the bill once from it, and shows PAID with the receipt', async () => {
    const { people, group, split, bill } = await threeWaySplit();
    const [alice, bob, carol] = people;
    expect(split).toMatchObject({ status: 'COLLECTING', collected: '0', bill: { alreadyPaid: false } });
    expect(split.shares.map((s) => [s.user.id, s.amount])).toEqual([
      [alice.userId, '30000'],
      [bob.userId, '30000'],
      [carol.userId, '30000'],
    ]);
    const k = key();
    expect((await payShare(bob, split.id, k)).collected).toBe('30000');
    expect((await payShare(bob, split.id, k)).collected).toBe('30000');
    await payShare(carol, split.id);
    const done = await payShare(alice, split.id);
    expect(done).toMatchObject({ status: 'PAID', collected: '90000', bill: { alreadyPaid: true }, billPayment: { amount: '90000' } });
    expect(errorCode(await platform.gql(PAY_SHARE, { id: split.id, k: key() }, alice.token))).toBe('ALREADY_CLOSED');
    expect(errorCode(await platform.gql(CANCEL_SPLIT, { id: split.id }, alice.token))).toBe('ALREADY_CLOSED');
    for (const p of people) expect(await balanceOf(platform, p.token)).toBe('70000');
    // The bill is paid: nobody can pay it again.
    const again = await platform.gql(PAY_BILL, { i: { ...bill, idempotencyKey: key() } }, bob.token);
    expect(errorCode(again)).toBe('BILL_ALREADY_PAID');
    const txs = (await platform.gql(TRANSACTIONS, { f: 3 }, carol.token)).data.wallet.transactions.edges.map(
      (e: { node: TransactionNode }) => e.node,
    );
    expect(txs[0]).toMatchObject({ kind: 'BILL_SHARE', amount: '30000' });
    const shown = await eventually(async () =>
      (await chatMoneyMessages(platform, carol.token, group)).find((m) => m.billSplit?.status === 'PAID'),
    );
    expect(shown).toMatchObject({ kind: 'BILL_SPLIT', sender: { id: alice.userId } });
    // Nobody outside the split and its conversation learns of it.
    const stranger = await platform.signUp();
    expect((await platform.gql(BILL_SPLIT, { id: split.id }, stranger.token)).data.billSplit).toBeNull();
  });

  it('returns both shares in one transaction each when the creator cancels after two of three, and the ledger verifies', async () => {
    const { people, split } = await threeWaySplit();
    const [alice, bob, carol] = people;
    await payShare(bob, split.id);
    await payShare(carol, split.id);
    expect(errorCode(await platform.gql(CANCEL_SPLIT, { id: split.id }, bob.token))).toBe('FORBIDDEN');
    const cancelled = (await platform.gql(CANCEL_SPLIT, { id: split.id }, alice.token)).data.cancelBillSplit;
    expect(cancelled).toMatchObject({ status: 'CANCELLED', collected: '0', billPayment: null });
    for (const p of people) expect(await balanceOf(platform, p.token)).toBe('100000');
    const txs = (await platform.gql(TRANSACTIONS, { f: 3 }, bob.token)).data.wallet.transactions.edges.map(
      (e: { node: TransactionNode }) => e.node,
    );
    expect(txs.slice(0, 2).map((t: TransactionNode) => [t.kind, t.amount])).toEqual([
      ['BILL_SHARE_RETURNED', '30000'],
      ['BILL_SHARE', '30000'],
    ]);
    expect(errorCode(await platform.gql(PAY_SHARE, { id: split.id, k: key() }, alice.token))).toBe('ALREADY_CLOSED');
  });

  it('returns every share when the bill is paid some other way, and refuses to split a paid bill', async () => {
    const { people, group, split, bill } = await threeWaySplit();
    const [alice, bob] = people;
    await payShare(bob, split.id);
    const paid = await platform.gql(PAY_BILL, { i: { ...bill, idempotencyKey: key() } }, alice.token);
    expect(paid.errors).toBeUndefined();
    const closed = await eventually(async () => {
      const s = await splitOf(bob, split.id);
      return s.status === 'CANCELLED' ? s : undefined;
    });
    expect(closed).toMatchObject({ status: 'CANCELLED', bill: { alreadyPaid: true } });
    expect(await balanceOf(platform, bob.token)).toBe('100000');
    expect(await balanceOf(platform, alice.token)).toBe('10000');
    const again = await platform.gql(
      SPLIT_BILL,
      { i: { conversationId: group, ...bill, memberIds: [bob.userId], clientId: key() } },
      alice.token,
    );
    expect(errorCode(again)).toBe('BILL_ALREADY_PAID');
    const bad = await platform.gql(
      SPLIT_BILL,
      { i: { conversationId: group, billId: '1234', paymentId: '5678', memberIds: [bob.userId], clientId: key() } },
      alice.token,
    );
    expect(errorCode(bad)).toBe('INVALID_BILL');
  });

  it('returns all ten shares of a large split when the bill is paid elsewhere before its last share', async () => {
    const creator = await funded(platform, '300000');
    const rest = await Promise.all(Array.from({ length: 10 }, () => funded(platform, '100000')));
    const group = (await platform.gql(GROUP, { t: 'همایش', m: rest.map((p) => p.userId) }, creator.token)).data.createGroup.id;
    const bill = newBill(110);
    const res = await platform.gql(
      SPLIT_BILL,
      { i: { conversationId: group, ...bill, memberIds: rest.map((p) => p.userId), clientId: key() } },
      creator.token,
    );
    const split = res.data.splitBill as Split;
    for (const p of rest) await payShare(p, split.id);
    expect((await splitOf(creator, split.id)).collected).toBe('100000');
    // Paid by someone else first; the sweeper may get there before the creator does: either way all ten go back.
    expect((await platform.gql(PAY_BILL, { i: { ...bill, idempotencyKey: key() } }, creator.token)).errors).toBeUndefined();
    const answer = await platform.gql(PAY_SHARE, { id: split.id, k: key() }, creator.token);
    expect(answer.errors === undefined || errorCode(answer) === 'ALREADY_CLOSED').toBe(true);
    const closed = await eventually(async () => {
      const s = await splitOf(creator, split.id);
      return s.status === 'CANCELLED' ? s : undefined;
    });
    expect(closed).toMatchObject({ collected: '0' });
    for (const p of rest) expect(await balanceOf(platform, p.token)).toBe('100000');
    expect(await balanceOf(platform, creator.token)).toBe('190000');
  });

  it('expires a split still collecting after BILL_SPLIT_EXPIRE_SECONDS and returns what was paid in', async () => {
    await platform.stopService('payments');
    await platform.startService('payments', { PUBLIC_URL: platform.url, BILL_SPLIT_EXPIRE_SECONDS: '2' });
    try {
      const { people, split } = await threeWaySplit();
      await payShare(people[1], split.id);
      const expired = await eventually(async () => {
        const s = await splitOf(people[1], split.id);
        return s.status === 'CANCELLED' ? s : undefined;
      });
      expect(expired).toBeDefined();
      expect(await balanceOf(platform, people[1].token)).toBe('100000');
    } finally {
      await platform.stopService('payments');
      await platform.startService('payments', { PUBLIC_URL: platform.url });
    }
  });

  it('shows each change live to every member as MessageEdited of the split message', async () => {
    const { people, group, split } = await threeWaySplit();
    const [alice, bob] = people;
    await eventually(async () => (await chatMoneyMessages(platform, bob.token, group)).find((m) => m.kind === 'BILL_SPLIT'));
    const subs = [subscribe(platform, alice, UPDATES), subscribe(platform, bob, UPDATES)];
    await new Promise((r) => setTimeout(r, 300));
    await payShare(bob, split.id);
    for (const sub of subs) {
      const edited = await eventually(async () =>
        sub.received.find((u) => u.__typename === 'MessageEdited' && u.message.billSplit?.collected === '30000'),
      );
      expect(edited).toMatchObject({
        conversationId: group,
        message: { kind: 'BILL_SPLIT', billSplit: { id: split.id, status: 'COLLECTING' } },
      });
    }
    for (const sub of subs) sub.close();
  });

  it('loses nothing when payments dies in the middle of a split: after a restart, retries with the same keys finish it once', async () => {
    const { people, group, split } = await threeWaySplit();
    const [alice, bob, carol] = people;
    await payShare(bob, split.id);
    // Hold the split so the next two payments stop inside their transactions, then kill their connections
    // (as a crashed process's would be) and stop the service.
    const locker = new Client({ connectionString: platform.databaseUrl });
    const watcher = new Client({ connectionString: platform.databaseUrl });
    await Promise.all([locker.connect(), watcher.connect()]);
    const keys = [key(), key()];
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM payments.bill_splits WHERE id = $1 FOR UPDATE', [split.id]);
      const attempts = [alice, carol].map((p, i) => platform.gql(PAY_SHARE, { id: split.id, k: keys[i] }, p.token));
      const stuck = await eventually(async () => {
        // Outside the locker's transaction, which would see one snapshot of the statistics.
        const { rows } = await watcher.query(
          `SELECT pid FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%pay_bill_share(%'`,
        );
        return rows.length === 2 ? rows.map((r) => r.pid as number) : undefined;
      });
      expect(stuck).toHaveLength(2);
      await Promise.all(stuck!.map((pid) => watcher.query('SELECT pg_terminate_backend($1)', [pid])));
      await Promise.all(attempts);
      await platform.stopService('payments');
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await Promise.all([locker.end(), watcher.end()]);
    }
    await platform.startService('payments', { PUBLIC_URL: platform.url });
    // The killed payments moved nothing: only bob's share is in.
    expect(await balanceOf(platform, bob.token)).toBe('70000');
    expect(await balanceOf(platform, alice.token)).toBe('100000');
    expect((await splitOf(alice, split.id)).collected).toBe('30000');
    for (const [i, p] of [alice, carol].entries()) await payShare(p, split.id, keys[i]);
    for (const [i, p] of [alice, carol].entries()) expect((await payShare(p, split.id, keys[i])).status).toBe('PAID');
    expect(await splitOf(alice, split.id)).toMatchObject({ status: 'PAID', collected: '90000' });
    for (const p of people) expect(await balanceOf(platform, p.token)).toBe('70000');
    const shown = await eventually(async () =>
      (await chatMoneyMessages(platform, bob.token, group)).find((m) => m.billSplit?.status === 'PAID'),
    );
    expect(shown).toBeDefined();
  });
});
