import { FakeZarinpal, startFakeZarinpal } from '../../test/fake-zarinpal';
import { BankUnavailableError } from './bank';
import { ZarinpalBank } from './zarinpal.bank';

const MERCHANT = '1344b5d4-0048-11e8-94db-005056a205be';

describe(ZarinpalBank.name, () => {
  let zarinpal: FakeZarinpal;
  let bank: ZarinpalBank;

  beforeEach(async () => {
    zarinpal = await startFakeZarinpal(MERCHANT);
    // Patient where the fake answers (a loaded CI machine); the test of a bank that never answers has its own short limit.
    bank = new ZarinpalBank({ merchantId: MERCHANT, baseUrl: zarinpal.baseUrl, timeoutMs: 5_000 });
  });
  afterEach(() => zarinpal.close());

  const open = (amount = 150_000n) =>
    bank.request({ amount, callbackUrl: 'https://app.example/payments/ipg/zarinpal/callback', description: 'شارژ', orderId: 'order-1' });

  describe('request', () => {
    it('posts merchant_id, the amount in rials, IRR, callback_url, description and order_id, and answers the StartPay URL', async () => {
      const { authority, paymentUrl } = await open();
      expect(authority).toMatch(/^A\d{35}$/);
      expect(paymentUrl).toBe(`${zarinpal.baseUrl}/pg/StartPay/${authority}`);
      expect(zarinpal.requests).toHaveLength(1);
      expect(zarinpal.requests[0]).toEqual({
        method: 'POST',
        path: '/pg/v4/payment/request.json',
        body: {
          merchant_id: MERCHANT,
          amount: 150000,
          currency: 'IRR',
          callback_url: 'https://app.example/payments/ipg/zarinpal/callback',
          description: 'شارژ',
          metadata: { order_id: 'order-1' },
        },
      });
    });

    it('fails with the code when Zarinpal refuses (-9 for an amount below its minimum, -10 for a wrong merchant)', async () => {
      await expect(open(5_000n)).rejects.toMatchObject({ name: 'BankUnavailableError', code: -9 });
      const wrong = new ZarinpalBank({ merchantId: 'x'.repeat(36), baseUrl: zarinpal.baseUrl, timeoutMs: 5_000 });
      await expect(wrong.request({ amount: 20_000n, callbackUrl: 'https://a/b', description: 'd', orderId: 'o' })).rejects.toMatchObject({
        code: -10,
      });
    });
  });

  describe('verify', () => {
    it('is VERIFIED with the ref_id and card for code 100, then alreadyVerified for 101', async () => {
      const { authority } = await open();
      zarinpal.pay(authority);
      const first = await bank.verify(authority, 150_000n);
      expect(first).toEqual({
        kind: 'VERIFIED',
        bankReference: String(zarinpal.sessions.get(authority)!.refId),
        cardPan: '502229******5995',
        alreadyVerified: false,
      });
      expect(zarinpal.requests.at(-1)!.body).toEqual({ merchant_id: MERCHANT, amount: 150000, authority });
      expect(await bank.verify(authority, 150_000n)).toEqual({ ...first, alreadyVerified: true });
    });

    it('is AMOUNT_MISMATCH for -50 and NOT_PAID for -51 and -54', async () => {
      const { authority } = await open();
      expect(await bank.verify(authority, 150_000n)).toMatchObject({ kind: 'NOT_PAID' });
      zarinpal.pay(authority, 15_000);
      expect(await bank.verify(authority, 150_000n)).toMatchObject({ kind: 'AMOUNT_MISMATCH' });
      expect(await bank.verify('A' + '9'.repeat(35), 150_000n)).toMatchObject({
        kind: 'NOT_PAID',
        reason: expect.stringContaining('-54'),
      });
    });

    it('throws BankUnavailableError for a non-JSON 500, no answer in time, or a refused connection', async () => {
      const { authority } = await open();
      zarinpal.setDown('http500');
      await expect(bank.verify(authority, 150_000n)).rejects.toThrow(/HTTP 500 with a body that is not JSON/);
      zarinpal.setDown('hang');
      const impatient = new ZarinpalBank({ merchantId: MERCHANT, baseUrl: zarinpal.baseUrl, timeoutMs: 300 });
      await expect(impatient.verify(authority, 150_000n)).rejects.toThrow(/no answer within 300 ms/);
      await zarinpal.close();
      await expect(bank.verify(authority, 150_000n)).rejects.toBeInstanceOf(BankUnavailableError);
    });
  });

  describe('inquire and reverse', () => {
    it('reports IN_BANK, PAID, VERIFIED, REVERSED and FAILED as Zarinpal does', async () => {
      const a = await open();
      expect(await bank.inquire(a.authority)).toBe('IN_BANK');
      zarinpal.pay(a.authority);
      expect(await bank.inquire(a.authority)).toBe('PAID');
      await bank.verify(a.authority, 150_000n);
      expect(await bank.inquire(a.authority)).toBe('VERIFIED');
      await bank.reverse(a.authority);
      expect(await bank.inquire(a.authority)).toBe('REVERSED');
      expect(zarinpal.requests.at(-2)).toMatchObject({
        path: '/pg/v4/payment/reverse.json',
        body: { merchant_id: MERCHANT, authority: a.authority },
      });
      const b = await open();
      zarinpal.fail(b.authority);
      expect(await bank.inquire(b.authority)).toBe('FAILED');
    });

    it('throws when a payment cannot be reversed (-61) or the authority is unknown', async () => {
      const { authority } = await open();
      await expect(bank.reverse(authority)).rejects.toMatchObject({ code: -61 });
      await expect(bank.inquire('A' + '1'.repeat(35))).rejects.toMatchObject({ code: -54 });
    });
  });
});
