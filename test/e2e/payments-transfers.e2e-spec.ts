import { connect, NatsConnection } from 'nats';
import { Client } from 'pg';
import { TransferCompletedEvent } from '@app/contracts';
import { errorCode, SignedUp, TestPlatform } from '@test/support';
import {
  balanceOf,
  expectLedgerVerifies,
  fund,
  key,
  startPaymentsPlatform,
  TRANSACTIONS,
  TransactionNode,
  TRANSFER,
} from '../../apps/payments/test/support';

/** Transfers without messaging running: the money must move regardless (chat delivery is tested in payments-chat). */
describe('transferMoney', () => {
  let platform: TestPlatform;
  let db: Client;
  let nc: NatsConnection;

  beforeAll(async () => {
    platform = await startPaymentsPlatform({
      services: ['accounts', 'payments'],
      env: { TRANSFER_MAX_RIALS: '5000000', TRANSFER_DAILY_MAX_RIALS: '8000000', RATE_LIMIT_USER_BURST: '1000' },
    });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    nc = await connect({ servers: process.env.NATS_URL });
  });
  afterAll(async () => {
    await nc?.close();
    await db?.end();
    await platform?.close();
  });

  const send = (from: SignedUp, input: Record<string, unknown>) =>
    platform.gql(TRANSFER, { i: { idempotencyKey: key(), ...input } }, from.token);

  async function funded(amount: string): Promise<SignedUp> {
    const user = await platform.signUp();
    await fund(platform, user.token, amount);
    return user;
  }

  it('moves the amount between wallets, with one tracking code and both histories', async () => {
    const alice = await funded('100000');
    const bob = await platform.signUp();
    const res = await send(alice, { toUserId: bob.userId, amount: '30000', note: '  سهم ناهار  ' });
    expect(res.errors).toBeUndefined();
    const t = res.data.transferMoney;
    expect(t).toMatchObject({
      amount: '30000',
      note: 'سهم ناهار',
      from: { id: alice.userId },
      to: { id: bob.userId },
      conversationId: null,
    });
    expect(t.trackingCode).toMatch(/^\d{12}$/);
    expect(await balanceOf(platform, alice.token)).toBe('70000');
    expect(await balanceOf(platform, bob.token)).toBe('30000');

    const out = (await platform.gql(TRANSACTIONS, { f: 5 }, alice.token)).data.wallet.transactions.edges.map(
      (e: { node: TransactionNode }) => e.node,
    );
    expect(out[0]).toMatchObject({
      id: t.id,
      kind: 'TRANSFER_OUT',
      amount: '30000',
      balanceAfter: '70000',
      trackingCode: t.trackingCode,
      description: 'سهم ناهار',
      counterparty: { id: bob.userId },
    });
    expect(out[1]).toMatchObject({ kind: 'TOP_UP', balanceAfter: '100000' });
    const inn = (await platform.gql(TRANSACTIONS, { f: 5 }, bob.token)).data.wallet.transactions.edges.map(
      (e: { node: TransactionNode }) => e.node,
    );
    expect(inn).toHaveLength(1);
    expect(inn[0]).toMatchObject({
      id: t.id,
      kind: 'TRANSFER_IN',
      amount: '30000',
      balanceAfter: '30000',
      trackingCode: t.trackingCode,
      counterparty: { id: alice.userId },
    });
  });

  it('publishes one payments.transfer.completed.v1 event per transfer, carrying a null conversation when messaging is down', async () => {
    const alice = await funded('50000');
    const bob = await platform.signUp();
    const k = key();
    const first = await platform.gql(TRANSFER, { i: { toUserId: bob.userId, amount: '1000', idempotencyKey: k } }, alice.token);
    await platform.gql(TRANSFER, { i: { toUserId: bob.userId, amount: '1000', idempotencyKey: k } }, alice.token);
    const id = first.data.transferMoney.id;
    const jsm = await nc.jetstreamManager();
    let found: Array<{ subject: string; msgId: string; event: TransferCompletedEvent }> = [];
    for (let i = 0; i < 50 && !found.length; i++) {
      const info = await jsm.streams.info('PAYMENTS_EVENTS').catch(() => null);
      if (info) {
        found = [];
        for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
          const msg = await jsm.streams.getMessage('PAYMENTS_EVENTS', { seq }).catch(() => null);
          const event = msg && JSON.parse(new TextDecoder().decode(msg.data));
          if (event?.transferId === id) found.push({ subject: msg!.subject, msgId: msg!.header.get('Nats-Msg-Id'), event });
        }
      }
      if (!found.length) await new Promise((r) => setTimeout(r, 100));
    }
    expect(found).toHaveLength(1);
    expect(found[0].subject).toBe('payments.transfer.completed.v1');
    expect(found[0].msgId).toBe(found[0].event.eventId);
    expect(found[0].event).toMatchObject({
      transferId: id,
      fromUserId: alice.userId,
      toUserId: bob.userId,
      amount: '1000',
      note: null,
      conversationId: null,
    });
    expect(new Date(found[0].event.createdAt).toISOString()).toBe(first.data.transferMoney.createdAt);
    const { rows } = await db.query(`SELECT published_at FROM payments.outbox WHERE payload->>'transferId' = $1`, [id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].published_at).not.toBeNull();
  });

  describe('refusals', () => {
    it('is INSUFFICIENT_FUNDS above the balance, and moves nothing', async () => {
      const alice = await funded('20000');
      const bob = await platform.signUp();
      expect(errorCode(await send(alice, { toUserId: bob.userId, amount: '20001' }))).toBe('INSUFFICIENT_FUNDS');
      expect(errorCode(await send(await platform.signUp(), { toUserId: bob.userId, amount: '1' }))).toBe('INSUFFICIENT_FUNDS');
      expect(await balanceOf(platform, alice.token)).toBe('20000');
      expect(await balanceOf(platform, bob.token)).toBe('0');
      expect((await send(alice, { toUserId: bob.userId, amount: '20000' })).errors).toBeUndefined();
      expect(await balanceOf(platform, alice.token)).toBe('0');
    });

    it('is FORBIDDEN when the recipient blocked the sender, and when the sender blocked the recipient', async () => {
      const alice = await funded('20000');
      const bob = await platform.signUp();
      const carol = await platform.signUp();
      await platform.gql(`mutation($u:ID!){ blockUser(userId:$u){ id } }`, { u: alice.userId }, bob.token);
      const blocked = await send(alice, { toUserId: bob.userId, amount: '1000' });
      expect(errorCode(blocked)).toBe('FORBIDDEN');
      await platform.gql(`mutation($u:ID!){ blockUser(userId:$u){ id } }`, { u: carol.userId }, alice.token);
      expect(errorCode(await send(alice, { toUserId: carol.userId, amount: '1000' }))).toBe('FORBIDDEN');
      expect(await balanceOf(platform, alice.token)).toBe('20000');
      await platform.gql(`mutation($u:ID!){ unblockUser(userId:$u){ id } }`, { u: alice.userId }, bob.token);
      expect((await send(alice, { toUserId: bob.userId, amount: '1000' })).errors).toBeUndefined();
    });

    it('is NOT_FOUND for an unknown recipient and BAD_USER_INPUT for oneself', async () => {
      const alice = await funded('20000');
      expect(errorCode(await send(alice, { toUserId: '00000000-0000-4000-8000-000000000000', amount: '1000' }))).toBe('NOT_FOUND');
      expect(errorCode(await send(alice, { toUserId: 'nobody', amount: '1000' }))).toBe('NOT_FOUND');
      const self = await send(alice, { toUserId: alice.userId, amount: '1000' });
      expect(errorCode(self)).toBe('BAD_USER_INPUT');
      expect(self.errors![0].extensions!.field).toBe('toUserId');
    });

    it.each([['0'], ['-1'], ['1.5']])('is BAD_USER_INPUT for amount %j', async (amount) => {
      const alice = await funded('20000');
      const res = await send(alice, { toUserId: (await platform.signUp()).userId, amount });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions!.field).toBe('amount');
    });

    it('enforces the per-transfer limit and the daily limit (configurable)', async () => {
      const alice = await funded('20000000');
      const bob = await platform.signUp();
      const tooBig = await send(alice, { toUserId: bob.userId, amount: '5000001' });
      expect(errorCode(tooBig)).toBe('BAD_USER_INPUT');
      expect(tooBig.errors![0].extensions!.field).toBe('amount');
      expect((await send(alice, { toUserId: bob.userId, amount: '5000000' })).errors).toBeUndefined();
      expect((await send(alice, { toUserId: bob.userId, amount: '3000000' })).errors).toBeUndefined();
      const overDaily = await send(alice, { toUserId: bob.userId, amount: '1' });
      expect(errorCode(overDaily)).toBe('BAD_USER_INPUT');
      expect(overDaily.errors![0].message).toMatch(/daily/);
      expect(await balanceOf(platform, alice.token)).toBe('12000000');
    });

    it('refuses a note over 500 characters', async () => {
      const alice = await funded('20000');
      const res = await send(alice, { toUserId: (await platform.signUp()).userId, amount: '1000', note: 'x'.repeat(501) });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions!.field).toBe('note');
    });
  });

  describe('idempotency', () => {
    it('returns the first transfer for a retried key and moves the money once', async () => {
      const alice = await funded('50000');
      const bob = await platform.signUp();
      const input = { toUserId: bob.userId, amount: '10000', idempotencyKey: key(), note: 'یک بار' };
      const first = await platform.gql(TRANSFER, { i: input }, alice.token);
      const again = await platform.gql(TRANSFER, { i: input }, alice.token);
      expect(again.data.transferMoney).toEqual(first.data.transferMoney);
      expect(await balanceOf(platform, alice.token)).toBe('40000');
    });

    it('is IDEMPOTENCY_CONFLICT for the same key with another amount, recipient or note', async () => {
      const alice = await funded('50000');
      const bob = await platform.signUp();
      const carol = await platform.signUp();
      const k = key();
      expect(
        (await platform.gql(TRANSFER, { i: { toUserId: bob.userId, amount: '1000', idempotencyKey: k } }, alice.token)).errors,
      ).toBeUndefined();
      for (const changed of [
        { toUserId: bob.userId, amount: '2000' },
        { toUserId: carol.userId, amount: '1000' },
        { toUserId: bob.userId, amount: '1000', note: 'x' },
      ]) {
        expect(errorCode(await platform.gql(TRANSFER, { i: { ...changed, idempotencyKey: k } }, alice.token))).toBe('IDEMPOTENCY_CONFLICT');
      }
      expect(await balanceOf(platform, alice.token)).toBe('49000');
    });

    it('posts one transfer when the same key is sent 20 times at once', async () => {
      const alice = await funded('50000');
      const bob = await platform.signUp();
      const input = { toUserId: bob.userId, amount: '7000', idempotencyKey: key() };
      const results = await Promise.all(Array.from({ length: 20 }, () => platform.gql(TRANSFER, { i: input }, alice.token)));
      expect(results.map((r) => r.errors)).toEqual(Array(20).fill(undefined));
      expect(new Set(results.map((r) => r.data.transferMoney.id)).size).toBe(1);
      expect(await balanceOf(platform, alice.token)).toBe('43000');
      expect(await balanceOf(platform, bob.token)).toBe('7000');
      await expectLedgerVerifies(platform);
    });
  });

  describe('concurrency', () => {
    it('lets exactly 10 of 100 concurrent transfers through from a wallet that affords 10, and the ledger verifies', async () => {
      const alice = await funded('100000');
      const recipients = await Promise.all(Array.from({ length: 5 }, () => platform.signUp()));
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) => send(alice, { toUserId: recipients[i % 5].userId, amount: '10000' })),
      );
      const ok = results.filter((r) => !r.errors);
      const refused = results.filter((r) => r.errors);
      expect(ok).toHaveLength(10);
      expect(refused.map(errorCode)).toEqual(Array(90).fill('INSUFFICIENT_FUNDS'));
      expect(await balanceOf(platform, alice.token)).toBe('0');
      const received = await Promise.all(recipients.map((r) => balanceOf(platform, r.token)));
      expect(received.reduce((sum, b) => sum + Number(b), 0)).toBe(100000);
      const history: TransactionNode[] = (await platform.gql(TRANSACTIONS, { f: 20 }, alice.token)).data.wallet.transactions.edges.map(
        (e: { node: TransactionNode }) => e.node,
      );
      expect(
        history
          .filter((n) => n.kind === 'TRANSFER_OUT')
          .map((n) => n.balanceAfter)
          .sort((a, b) => Number(a) - Number(b)),
      ).toEqual(['0', '10000', '20000', '30000', '40000', '50000', '60000', '70000', '80000', '90000']);
      await expectLedgerVerifies(platform);
    });

    it('keeps every wallet whole when users pay each other in crossing directions at once', async () => {
      const users = await Promise.all(Array.from({ length: 4 }, () => funded('100000')));
      const results = await Promise.all(
        Array.from({ length: 120 }, (_, i) => {
          const from = users[i % 4];
          const to = users[(i + 1 + (i % 3)) % 4];
          return send(from, { toUserId: to.userId, amount: String(1000 + (i % 7) * 500) });
        }),
      );
      expect(
        results
          .filter((r) => r.errors)
          .map(errorCode)
          .filter((c) => c !== 'INSUFFICIENT_FUNDS'),
      ).toEqual([]);
      const balances = await Promise.all(users.map((u) => balanceOf(platform, u.token)));
      expect(balances.reduce((sum, b) => sum + Number(b), 0)).toBe(400000);
      await expectLedgerVerifies(platform);
    });
  });

  describe('history paging', () => {
    it('pages newest first with cursors and balanceAfter on each entry; a bad cursor is BAD_USER_INPUT', async () => {
      const alice = await funded('100000');
      const bob = await platform.signUp();
      for (let i = 1; i <= 5; i++) await send(alice, { toUserId: bob.userId, amount: String(i * 1000) });
      const first = (await platform.gql(TRANSACTIONS, { f: 4 }, alice.token)).data.wallet.transactions;
      expect(first.edges.map((e: { node: TransactionNode }) => e.node.balanceAfter)).toEqual(['85000', '90000', '94000', '97000']);
      expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, endCursor: first.edges[3].cursor });
      const rest = (await platform.gql(TRANSACTIONS, { f: 4, a: first.pageInfo.endCursor }, alice.token)).data.wallet.transactions;
      expect(rest.edges.map((e: { node: TransactionNode }) => [e.node.kind, e.node.balanceAfter])).toEqual([
        ['TRANSFER_OUT', '99000'],
        ['TOP_UP', '100000'],
      ]);
      expect(rest.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      expect(errorCode(await platform.gql(TRANSACTIONS, { f: 4, a: 'bogus' }, alice.token))).toBe('BAD_USER_INPUT');
      expect(errorCode(await platform.gql(TRANSACTIONS, { f: 101 }, alice.token))).toBe('BAD_USER_INPUT');
      expect(errorCode(await platform.gql(TRANSACTIONS, { f: 0 }, alice.token))).toBe('BAD_USER_INPUT');
    });
  });
});
