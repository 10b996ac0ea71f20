import { INestMicroservice } from '@nestjs/common';
import { Client } from 'pg';
import { TestPlatform } from '@test/support';
import { TopUpSweeper } from '../../apps/payments/src/topups/topup.sweeper';
import { FakeZarinpal, startFakeZarinpal } from '../../apps/payments/test/fake-zarinpal';
import { balanceOf, expectLedgerVerifies, key, START_TOP_UP, startPaymentsPlatform, TOP_UP } from '../../apps/payments/test/support';

const MERCHANT = '1344b5d4-0048-11e8-94db-005056a205be';

/** Polls until check() holds; asserts an outcome, never a timing. */
async function eventually(check: () => Promise<boolean>, deadlineMs = 20_000): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

describe('top-ups through Zarinpal (a local server speaking its v4 API)', () => {
  let zarinpal: FakeZarinpal;
  let platform: TestPlatform;
  let db: Client;

  beforeAll(async () => {
    zarinpal = await startFakeZarinpal(MERCHANT);
    platform = await startPaymentsPlatform({
      services: ['accounts', 'payments'],
      env: {
        PAYMENT_GATEWAY: 'zarinpal',
        ZARINPAL_MERCHANT_ID: MERCHANT,
        ZARINPAL_BASE_URL: zarinpal.baseUrl,
        ZARINPAL_TIMEOUT_MS: '5000',
        TOPUP_SWEEP_INTERVAL_MS: '200',
        TOPUP_INQUIRE_AFTER_SECONDS: '1',
        TOPUP_EXPIRE_AFTER_SECONDS: '4',
      },
    });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await platform?.close();
    await zarinpal?.close();
  });

  async function start(token: string, amount: string) {
    const res = await platform.gql(START_TOP_UP, { a: amount, k: key() }, token);
    expect(res.errors).toBeUndefined();
    const topUp = res.data.startTopUp;
    return { ...topUp, authority: topUp.paymentUrl.split('/').pop() as string };
  }
  const status = async (token: string, id: string) => (await platform.gql(TOP_UP, { id }, token)).data.topUp.status;
  const verifies = (authority: string) =>
    zarinpal.requests.filter((r) => r.path.endsWith('/verify.json') && r.body.authority === authority);

  it('sends the payer to StartPay with our callback and the top-up as order_id', async () => {
    const { token } = await platform.signUp();
    const topUp = await start(token, '150000');
    expect(topUp.paymentUrl).toBe(`${zarinpal.baseUrl}/pg/StartPay/${topUp.authority}`);
    expect((await fetch(topUp.paymentUrl)).status).toBe(200);
    const session = zarinpal.sessions.get(topUp.authority)!;
    expect(session).toMatchObject({ amount: 150000, callbackUrl: `${platform.url}/payments/ipg/zarinpal/callback`, orderId: topUp.id });
  });

  it('verifies on the callback with the amount from our database and credits once; replays meet 101 and credit nothing', async () => {
    const { token } = await platform.signUp();
    const topUp = await start(token, '150000');
    const callback = zarinpal.pay(topUp.authority);
    const page = await fetch(callback);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('پرداخت موفق بود');
    expect(verifies(topUp.authority)[0].body).toEqual({ merchant_id: MERCHANT, amount: 150000, authority: topUp.authority });
    const replays = await Promise.all(Array.from({ length: 20 }, () => fetch(callback).then((r) => r.text())));
    expect(replays.every((p) => p.includes('پرداخت موفق بود'))).toBe(true);
    expect(await balanceOf(platform, token)).toBe('150000');
    const settled = (await platform.gql(TOP_UP, { id: topUp.id }, token)).data.topUp;
    expect(settled).toMatchObject({ status: 'SUCCEEDED', bankReference: String(zarinpal.sessions.get(topUp.authority)!.refId) });
    await expectLedgerVerifies(platform);
  });

  it('treats 101 (verified before, e.g. by a crashed attempt) as paid, and credits once', async () => {
    const { token } = await platform.signUp();
    const topUp = await start(token, '60000');
    zarinpal.pay(topUp.authority);
    zarinpal.sessions.get(topUp.authority)!.state = 'VERIFIED';
    await fetch(`${platform.url}/payments/ipg/zarinpal/callback?Authority=${topUp.authority}&Status=OK`);
    expect(await status(token, topUp.id)).toBe('SUCCEEDED');
    expect(await balanceOf(platform, token)).toBe('60000');
  });

  it('fails the top-up on -50 (the bank holds another amount) and credits nothing', async () => {
    const { token } = await platform.signUp();
    const topUp = await start(token, '500000');
    const callback = zarinpal.pay(topUp.authority, 10_000);
    expect(await (await fetch(callback)).text()).toContain('پرداخت انجام نشد');
    expect(await status(token, topUp.id)).toBe('FAILED');
    expect(await balanceOf(platform, token)).toBe('0');
    const { rows } = await db.query(`SELECT failure_reason FROM payments.top_ups WHERE id = $1`, [topUp.id]);
    expect(rows[0].failure_reason).toMatch(/^amount mismatch/);
  });

  it('fails the top-up when the payer cancels (Status=NOK, inquiry FAILED)', async () => {
    const { token } = await platform.signUp();
    const topUp = await start(token, '20000');
    await fetch(zarinpal.fail(topUp.authority));
    expect(await status(token, topUp.id)).toBe('FAILED');
    expect(verifies(topUp.authority)).toHaveLength(0);
  });

  it('keeps a top-up PENDING while Zarinpal is down on the callback, and the sweeper settles it once it is back', async () => {
    const { token } = await platform.signUp();
    const topUp = await start(token, '80000');
    const callback = zarinpal.pay(topUp.authority);
    zarinpal.setDown('http500');
    const page = await fetch(callback);
    expect(await page.text()).toContain('در حال بررسی');
    expect(await status(token, topUp.id)).toBe('PENDING');
    zarinpal.setDown('no');
    expect(await eventually(async () => (await status(token, topUp.id)) === 'SUCCEEDED')).toBe(true);
    expect(await balanceOf(platform, token)).toBe('80000');
  });

  it('the sweeper credits a paid top-up whose callback never came (inquiry PAID, then verify)', async () => {
    const { token } = await platform.signUp();
    const topUp = await start(token, '90000');
    zarinpal.pay(topUp.authority);
    expect(await eventually(async () => (await status(token, topUp.id)) === 'SUCCEEDED')).toBe(true);
    expect(await balanceOf(platform, token)).toBe('90000');
    expect(zarinpal.requests.some((r) => r.path.endsWith('/inquiry.json') && r.body.authority === topUp.authority)).toBe(true);
    await expectLedgerVerifies(platform);
  });

  it('the sweeper marks EXPIRED a top-up never paid, and a payment arriving after that is reversed, not credited', async () => {
    const { token } = await platform.signUp();
    const topUp = await start(token, '30000');
    expect(await eventually(async () => (await status(token, topUp.id)) === 'EXPIRED')).toBe(true);
    const late = zarinpal.pay(topUp.authority);
    await fetch(late);
    expect(zarinpal.sessions.get(topUp.authority)!.state).toBe('REVERSED');
    expect(await status(token, topUp.id)).toBe('EXPIRED');
    expect(await balanceOf(platform, token)).toBe('0');
  });

  describe('the sweeper across copies and restarts', () => {
    let second: INestMicroservice | undefined;
    afterEach(async () => {
      if (second) await platform.stopCopy(second);
      second = undefined;
    });

    it('sweeps in one copy at a time: the other copy does not hold the lease', async () => {
      second = await platform.startService('payments', { PUBLIC_URL: platform.url });
      const sweepers = [platform.services.get('payments')!.get(TopUpSweeper), second.get(TopUpSweeper)];
      const passes = await Promise.all(sweepers.map((s) => s.sweepOnce()));
      expect(passes.filter((p) => p === null)).toHaveLength(1);
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM payments.job_leases WHERE name = 'payments.topup-sweeper'`);
      expect(rows[0].n).toBe(1);
    });

    it('after a copy crashes holding the lease, another takes over once it lapses, and settles what was waiting', async () => {
      const { token } = await platform.signUp();
      await platform.stopService('payments');
      await db.query(`INSERT INTO payments.job_leases (name, owner, lease_until) VALUES ('payments.topup-sweeper', 'crashed-copy', now() + interval '2 seconds')
        ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until`);
      await platform.startService('payments', { PUBLIC_URL: platform.url });
      const topUp = await start(token, '110000');
      zarinpal.pay(topUp.authority);
      expect(await eventually(async () => (await status(token, topUp.id)) === 'SUCCEEDED')).toBe(true);
      const { rows } = await db.query(`SELECT owner FROM payments.job_leases WHERE name = 'payments.topup-sweeper'`);
      expect(rows[0].owner).not.toBe('crashed-copy');
      expect(await balanceOf(platform, token)).toBe('110000');
      await expectLedgerVerifies(platform);
    });
  });
});
