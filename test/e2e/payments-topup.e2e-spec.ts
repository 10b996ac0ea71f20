import { Client } from 'pg';
import { errorCode, TestPlatform } from '@test/support';
import {
  balanceOf,
  expectLedgerVerifies,
  fund,
  key,
  payAtSandbox,
  START_TOP_UP,
  startPaymentsPlatform,
  TOP_UP,
  TRANSACTIONS,
} from '../../apps/payments/test/support';

describe('wallet top-up through the sandbox bank gateway', () => {
  let platform: TestPlatform;
  let db: Client;

  beforeAll(async () => {
    platform = await startPaymentsPlatform({ services: ['accounts', 'payments'] });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await platform?.close();
  });

  async function start(token: string, amount: string, idempotencyKey = key()) {
    const res = await platform.gql(START_TOP_UP, { a: amount, k: idempotencyKey }, token);
    expect(res.errors).toBeUndefined();
    return res.data.startTopUp;
  }

  describe('wallet', () => {
    it('is created on first use, empty, in IRR, with the same id every time', async () => {
      const { token } = await platform.signUp();
      const first = await platform.gql(
        `{ wallet { id balance currency transactions { edges { cursor } pageInfo { hasNextPage } } } }`,
        {},
        token,
      );
      expect(first.errors).toBeUndefined();
      expect(first.data.wallet).toMatchObject({
        balance: '0',
        currency: 'IRR',
        transactions: { edges: [], pageInfo: { hasNextPage: false } },
      });
      const again = await platform.gql(`{ wallet { id } }`, {}, token);
      expect(again.data.wallet.id).toBe(first.data.wallet.id);
    });
  });

  describe('startTopUp', () => {
    it('returns a PENDING top-up whose payment page shows the amount with Pay and Cancel', async () => {
      const { token } = await platform.signUp();
      const topUp = await start(token, '250000');
      expect(topUp).toMatchObject({ amount: '250000', status: 'PENDING', bankReference: null, completedAt: null });
      expect(topUp.paymentUrl).toMatch(new RegExp(`^${platform.url}/payments/ipg/sandbox/pay/S[0-9a-f]{40}$`));
      const page = await fetch(topUp.paymentUrl);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await page.text();
      expect(html).toContain('۲۵۰٬۰۰۰');
      expect(html).toContain('value="pay"');
      expect(html).toContain('value="cancel"');
    });

    it('accepts Persian digits in the amount', async () => {
      const { token } = await platform.signUp();
      expect((await start(token, '۱۰۰۰۰۰')).amount).toBe('100000');
    });

    it.each([['0'], ['9999'], ['2000000001'], ['-5'], ['12.5'], ['abc']])('refuses amount %j with BAD_USER_INPUT', async (amount) => {
      const { token } = await platform.signUp();
      const res = await platform.gql(START_TOP_UP, { a: amount, k: key() }, token);
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions!.field).toBe('amount');
    });

    it('returns the first top-up for a repeated key, and IDEMPOTENCY_CONFLICT for the same key with another amount', async () => {
      const { token } = await platform.signUp();
      const k = key();
      const first = await start(token, '50000', k);
      const again = await start(token, '50000', k);
      expect(again.id).toBe(first.id);
      expect(again.paymentUrl).toBe(first.paymentUrl);
      const other = await platform.gql(START_TOP_UP, { a: '60000', k }, token);
      expect(errorCode(other)).toBe('IDEMPOTENCY_CONFLICT');
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM payments.top_ups WHERE id = $1`, [first.id]);
      expect(rows[0].n).toBe(1);
    });

    it('keys are per user: another user with the same key gets their own top-up', async () => {
      const a = await platform.signUp();
      const b = await platform.signUp();
      const k = key();
      expect((await start(a.token, '50000', k)).id).not.toBe((await start(b.token, '50000', k)).id);
    });
  });

  describe('paying and the callback', () => {
    it('Pay answers 303 to the callback, which verifies, credits the wallet once and shows the result', async () => {
      const { token } = await platform.signUp();
      const topUp = await start(token, '120000');
      const { callbackUrl, page, status } = await payAtSandbox(topUp.paymentUrl, 'pay');
      const callback = new URL(callbackUrl);
      expect(`${callback.origin}${callback.pathname}`).toBe(`${platform.url}/payments/ipg/sandbox/callback`);
      expect(callback.searchParams.get('Status')).toBe('OK');
      expect(callback.searchParams.get('Authority')).toBe(topUp.paymentUrl.split('/').pop());
      expect(status).toBe(200);
      expect(page).toContain('پرداخت موفق بود');
      expect(page).toContain('۱۲۰٬۰۰۰');

      const settled = await platform.gql(TOP_UP, { id: topUp.id }, token);
      expect(settled.data.topUp).toMatchObject({ id: topUp.id, status: 'SUCCEEDED', amount: '120000' });
      expect(settled.data.topUp.bankReference).toMatch(/^\d{10}$/);
      expect(settled.data.topUp.completedAt).not.toBeNull();
      expect(await balanceOf(platform, token)).toBe('120000');

      const history = await platform.gql(TRANSACTIONS, { f: 10 }, token);
      expect(history.data.wallet.transactions.edges).toHaveLength(1);
      expect(history.data.wallet.transactions.edges[0].node).toMatchObject({
        kind: 'TOP_UP',
        amount: '120000',
        balanceAfter: '120000',
        counterparty: null,
        billPayment: null,
      });
      expect(history.data.wallet.transactions.edges[0].node.trackingCode).toMatch(/^\d{12}$/);
      await expectLedgerVerifies(platform);
    });

    it('Cancel ends the top-up FAILED and credits nothing', async () => {
      const { token } = await platform.signUp();
      const topUp = await start(token, '70000');
      const { callbackUrl, page } = await payAtSandbox(topUp.paymentUrl, 'cancel');
      expect(new URL(callbackUrl).searchParams.get('Status')).toBe('NOK');
      expect(page).toContain('پرداخت انجام نشد');
      expect((await platform.gql(TOP_UP, { id: topUp.id }, token)).data.topUp.status).toBe('FAILED');
      expect(await balanceOf(platform, token)).toBe('0');
    });

    it('credits once when the callback is replayed 20 times at once', async () => {
      const { token } = await platform.signUp();
      const topUp = await start(token, '330000');
      const { callbackUrl } = await payAtSandbox(topUp.paymentUrl, 'pay');
      const replies = await Promise.all(
        Array.from({ length: 20 }, () => fetch(callbackUrl).then(async (r) => [r.status, await r.text()] as const)),
      );
      expect(replies.every(([status, page]) => status === 200 && page.includes('پرداخت موفق بود'))).toBe(true);
      expect(await balanceOf(platform, token)).toBe('330000');
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM payments.transfers WHERE kind = 'TOP_UP' AND ref_id = $1`, [
        topUp.id,
      ]);
      expect(rows[0].n).toBe(1);
      await expectLedgerVerifies(platform);
    });

    it('ignores a forged callback: an unknown authority is 404, and a forged OK for an unpaid session credits nothing', async () => {
      const { token } = await platform.signUp();
      const unknown = await fetch(`${platform.url}/payments/ipg/sandbox/callback?Authority=S${'0'.repeat(40)}&Status=OK`);
      expect(unknown.status).toBe(404);
      const topUp = await start(token, '90000');
      const authority = topUp.paymentUrl.split('/').pop();
      const forged = await fetch(`${platform.url}/payments/ipg/sandbox/callback?Authority=${authority}&Status=OK`);
      expect(forged.status).toBe(200);
      expect(await forged.text()).toContain('پرداخت انجام نشد');
      expect(await balanceOf(platform, token)).toBe('0');
      // The bank never confirmed it, so the late real payment is not credited but returned to the card.
      await payAtSandbox(topUp.paymentUrl, 'pay');
      expect(await balanceOf(platform, token)).toBe('0');
      const { rows } = await db.query(`SELECT state FROM payments.sandbox_sessions WHERE authority = $1`, [authority]);
      expect(rows[0].state).toBe('REVERSED');
      expect((await platform.gql(TOP_UP, { id: topUp.id }, token)).data.topUp.status).toBe('FAILED');
    });

    it('leaves a top-up PENDING on a forged NOK while the payer is still at the bank', async () => {
      const { token } = await platform.signUp();
      const topUp = await start(token, '40000');
      const authority = topUp.paymentUrl.split('/').pop();
      const forged = await fetch(`${platform.url}/payments/ipg/sandbox/callback?Authority=${authority}&Status=NOK`);
      expect(await forged.text()).toContain('در حال بررسی');
      expect((await platform.gql(TOP_UP, { id: topUp.id }, token)).data.topUp.status).toBe('PENDING');
      await payAtSandbox(topUp.paymentUrl, 'pay');
      expect((await platform.gql(TOP_UP, { id: topUp.id }, token)).data.topUp.status).toBe('SUCCEEDED');
      expect(await balanceOf(platform, token)).toBe('40000');
    });

    it('a second Pay on a finished session changes nothing', async () => {
      const { token } = await platform.signUp();
      const topUp = await start(token, '45000');
      await payAtSandbox(topUp.paymentUrl, 'pay');
      const page = await (await fetch(topUp.paymentUrl)).text();
      expect(page).not.toContain('value="pay"');
      const again = await payAtSandbox(topUp.paymentUrl, 'pay');
      expect(new URL(again.callbackUrl).searchParams.get('Status')).toBe('OK');
      expect(await balanceOf(platform, token)).toBe('45000');
    });

    it('404s an unknown payment page and 400s a bad action', async () => {
      expect((await fetch(`${platform.url}/payments/ipg/sandbox/pay/nope`)).status).toBe(404);
      const { token } = await platform.signUp();
      const topUp = await start(token, '45000');
      const bad = await fetch(topUp.paymentUrl, { method: 'POST', body: new URLSearchParams({ action: 'steal' }), redirect: 'manual' });
      expect(bad.status).toBe(400);
      expect((await fetch(`${platform.url}/payments/ipg/nobank/callback?Authority=x`)).status).toBe(404);
    });
  });

  describe('topUp query', () => {
    it("is null for another user's top-up and for ids that do not exist", async () => {
      const a = await platform.signUp();
      const b = await platform.signUp();
      const topUp = await start(a.token, '50000');
      expect((await platform.gql(TOP_UP, { id: topUp.id }, b.token)).data.topUp).toBeNull();
      expect((await platform.gql(TOP_UP, { id: 'not-an-id' }, a.token)).data.topUp).toBeNull();
    });
  });

  describe('walletChanged', () => {
    it('delivers the wallet with its new balance after each top-up, and its transactions', async () => {
      const { token } = await platform.signUp();
      const ws = platform.ws(token);
      const received: Array<{ id: string; balance: string; transactions: { edges: unknown[] } }> = [];
      const failures: unknown[] = [];
      ws.client.subscribe<{ walletChanged: (typeof received)[number] }>(
        { query: `subscription { walletChanged { id balance currency transactions(first: 5) { edges { node { kind amount } } } } }` },
        {
          next: (v) => (v.errors ? failures.push(v.errors) : received.push(v.data!.walletChanged)),
          error: (e) => failures.push(e),
          complete: () => undefined,
        },
      );
      const arrived = async (n: number) => {
        for (let i = 0; i < 100 && received.length < n; i++) await new Promise((r) => setTimeout(r, 50));
        return received.length >= n;
      };
      // The subscription is live once an event has come through; top up until one does.
      let balance = 0;
      for (let i = 0; i < 10 && !received.length; i++) {
        await fund(platform, token, '10000');
        balance += 10000;
        await arrived(1);
      }
      expect(failures).toEqual([]);
      expect(received.length).toBeGreaterThan(0);
      const seen = received.length;
      await fund(platform, token, '25000');
      expect(await arrived(seen + 1)).toBe(true);
      const last = received[received.length - 1];
      expect(last.balance).toBe(String(balance + 25000));
      expect(last.id).toBe((await platform.gql(`{ wallet { id } }`, {}, token)).data.wallet.id);
      expect(last.transactions.edges.length).toBe(Math.min(5, balance / 10000 + 1));
      await ws.client.dispose();
    });
  });
});
