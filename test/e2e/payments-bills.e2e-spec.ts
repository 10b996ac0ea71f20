import { randomInt } from 'node:crypto';
import { Client } from 'pg';
import { errorCode, SignedUp, TestPlatform } from '@test/support';
import { makeBill } from '../../apps/payments/src/bills/bill.rules';
import {
  balanceOf,
  expectLedgerVerifies,
  fund,
  key,
  PAY_BILL,
  startPaymentsPlatform,
  TRANSACTIONS,
} from '../../apps/payments/test/support';

const INSPECT = `query($b:String!,$p:String!){ inspectBill(billId:$b, paymentId:$p){ billId paymentId type amount companyCode alreadyPaid } }`;
const DECODE = `query($c:String!){ decodeBillBarcode(barcode:$c){ billId paymentId type amount companyCode alreadyPaid } }`;
const BILL_PAYMENTS = `query($f:Int,$a:String){ billPayments(first:$f, after:$a){ edges { cursor node { id billId paymentId type amount trackingCode paidAt } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`;

const persian = (s: string) => s.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);
const arabicIndic = (s: string) => s.replace(/\d/g, (d) => '٠١٢٣٤٥٦٧٨٩'[Number(d)]);

/** A valid bill no other test uses: its file code is random. */
function newBill(typeDigit = 1, thousands = 25) {
  return makeBill(String(randomInt(10_000_000, 99_999_999)), String(randomInt(1, 999)), typeDigit, thousands, 4, randomInt(1, 99));
}

describe('Iranian bills', () => {
  let platform: TestPlatform;
  let db: Client;

  beforeAll(async () => {
    platform = await startPaymentsPlatform({ services: ['accounts', 'payments'], env: { RATE_LIMIT_USER_BURST: '1000' } });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await platform?.close();
  });

  async function funded(amount: string): Promise<SignedUp> {
    const user = await platform.signUp();
    await fund(platform, user.token, amount);
    return user;
  }

  const pay = (user: SignedUp, bill: { billId: string; paymentId: string }, idempotencyKey = key()) =>
    platform.gql(PAY_BILL, { i: { ...bill, idempotencyKey } }, user.token);

  describe('inspectBill', () => {
    it.each([
      ['7748317800142', '1770160', 'LANDLINE', '17000', '001'],
      ['2050327604613', '1070189', 'WATER', '10000', '046'],
      ['9174639504124', '12908190', 'ELECTRICITY', '129000', '041'],
    ])('decodes %s / %s as %s of %s rials', async (billId, paymentId, type, amount, companyCode) => {
      const { token } = await platform.signUp();
      const res = await platform.gql(INSPECT, { b: billId, p: paymentId }, token);
      expect(res.errors).toBeUndefined();
      expect(res.data.inspectBill).toEqual({ billId, paymentId, type, amount, companyCode, alreadyPaid: false });
    });

    it('reads Persian and Arabic-Indic digits, spaces, dashes and leading zeros', async () => {
      const { token } = await platform.signUp();
      for (const [b, p] of [
        [persian('7748 3178 0014 2'), arabicIndic('177-0160')],
        ['0007748-317800142', '00 1770160'],
      ]) {
        const res = await platform.gql(INSPECT, { b, p }, token);
        expect(res.data.inspectBill).toMatchObject({ billId: '7748317800142', paymentId: '1770160', type: 'LANDLINE', amount: '17000' });
      }
    });

    it.each([
      ['12345', '1770160', 'FORMAT'],
      ['7748317800142', '17a0160', 'FORMAT'],
      ['2234322344613', '1070189', 'BILL_ID_CHECK_DIGIT'],
      ['1234567809', '1770160', 'UNKNOWN_TYPE'],
      ['7748317800142', '1770150', 'PAYMENT_ID_CHECK_DIGIT'],
      ['9174639504124', '12908197', 'PAIR_CHECK_DIGIT'],
    ])('refuses %s / %s with INVALID_BILL %s', async (b, p, reason) => {
      const { token } = await platform.signUp();
      const res = await platform.gql(INSPECT, { b, p }, token);
      expect(errorCode(res)).toBe('INVALID_BILL');
      expect(res.errors![0].extensions!.reason).toBe(reason);
    });

    it('refuses with AMOUNT a valid bill above the largest amount paid from the wallet', async () => {
      const { token } = await platform.signUp();
      const big = makeBill('1234', '100', 8, 99_999_999, 5, 1);
      const res = await platform.gql(INSPECT, { b: big.billId, p: big.paymentId }, token);
      expect(errorCode(res)).toBe('INVALID_BILL');
      expect(res.errors![0].extensions!.reason).toBe('AMOUNT');
    });

    it('needs a signed-in user', async () => {
      expect(errorCode(await platform.gql(INSPECT, { b: '7748317800142', p: '1770160' }))).toBe('UNAUTHENTICATED');
    });
  });

  describe('decodeBillBarcode', () => {
    it('reads 26 digits as the two zero-padded 13-digit numbers, in Persian digits too', async () => {
      const { token } = await platform.signUp();
      const res = await platform.gql(DECODE, { c: persian('9174639504124' + '0000012908190') }, token);
      expect(res.data.decodeBillBarcode).toEqual({
        billId: '9174639504124',
        paymentId: '12908190',
        type: 'ELECTRICITY',
        amount: '129000',
        companyCode: '041',
        alreadyPaid: false,
      });
    });

    it('is INVALID_BILL FORMAT for a barcode of another length, and checks the numbers inside', async () => {
      const { token } = await platform.signUp();
      const short = await platform.gql(DECODE, { c: '917463950412400000129081' }, token);
      expect(short.errors![0].extensions).toMatchObject({ code: 'INVALID_BILL', reason: 'FORMAT' });
      const pair = await platform.gql(DECODE, { c: '9174639504124' + '0000012908197' }, token);
      expect(pair.errors![0].extensions).toMatchObject({ code: 'INVALID_BILL', reason: 'PAIR_CHECK_DIGIT' });
    });
  });

  describe('payBill', () => {
    it('debits the wallet into the payable account, with a receipt, history and alreadyPaid', async () => {
      const user = await funded('100000');
      const bill = newBill(3, 42); // gas, 42,000 rials
      const res = await pay(user, bill);
      expect(res.errors).toBeUndefined();
      const receipt = res.data.payBill;
      expect(receipt).toMatchObject({ ...bill, type: 'GAS', amount: '42000' });
      expect(receipt.trackingCode).toMatch(/^\d{12}$/);
      expect(await balanceOf(platform, user.token)).toBe('58000');

      const tx = (await platform.gql(TRANSACTIONS, { f: 1 }, user.token)).data.wallet.transactions.edges[0].node;
      expect(tx).toMatchObject({
        kind: 'BILL_PAYMENT',
        amount: '42000',
        balanceAfter: '58000',
        trackingCode: receipt.trackingCode,
        counterparty: null,
        description: 'پرداخت قبض گاز',
        billPayment: { id: receipt.id, billId: bill.billId, paymentId: bill.paymentId, type: 'GAS', amount: '42000' },
      });
      const info = await platform.gql(INSPECT, { b: bill.billId, p: bill.paymentId }, user.token);
      expect(info.data.inspectBill.alreadyPaid).toBe(true);
      const { rows } = await db.query(
        `SELECT a.code FROM payments.transfers t JOIN payments.accounts a ON a.id = t.credit_account_id WHERE t.id = $1`,
        [receipt.id],
      );
      expect(rows[0].code).toBe('BILL_PAYABLE:GAS');
      await expectLedgerVerifies(platform);
    });

    it('is BILL_ALREADY_PAID for a paid bill, whoever pays it, and moves nothing', async () => {
      const a = await funded('100000');
      const b = await funded('100000');
      const bill = newBill(2, 10);
      expect((await pay(a, bill)).errors).toBeUndefined();
      expect(errorCode(await pay(a, bill))).toBe('BILL_ALREADY_PAID');
      expect(errorCode(await pay(b, { billId: persian(bill.billId), paymentId: bill.paymentId }))).toBe('BILL_ALREADY_PAID');
      expect(await balanceOf(platform, a.token)).toBe('90000');
      expect(await balanceOf(platform, b.token)).toBe('100000');
    });

    it('pays a bill once when 10 people pay it at the same moment', async () => {
      const payers = await Promise.all(Array.from({ length: 10 }, () => funded('50000')));
      const bill = newBill(5, 12);
      const results = await Promise.all(payers.map((p) => pay(p, bill)));
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      expect(results.filter((r) => r.errors).map(errorCode)).toEqual(Array(9).fill('BILL_ALREADY_PAID'));
      const balances = await Promise.all(payers.map((p) => balanceOf(platform, p.token)));
      expect(balances.sort()).toEqual(['38000', ...Array(9).fill('50000')]);
      await expectLedgerVerifies(platform);
    });

    it('returns the first receipt for a retried key (also concurrently), and IDEMPOTENCY_CONFLICT for another bill under it', async () => {
      const user = await funded('100000');
      const bill = newBill(1, 7);
      const k = key();
      const results = await Promise.all(Array.from({ length: 10 }, () => pay(user, bill, k)));
      expect(results.map((r) => r.errors)).toEqual(Array(10).fill(undefined));
      expect(new Set(results.map((r) => JSON.stringify(r.data.payBill))).size).toBe(1);
      expect(await balanceOf(platform, user.token)).toBe('93000');
      expect(errorCode(await pay(user, newBill(1, 7), k))).toBe('IDEMPOTENCY_CONFLICT');
      expect(await balanceOf(platform, user.token)).toBe('93000');
    });

    it('is INSUFFICIENT_FUNDS above the balance, and the bill stays payable', async () => {
      const user = await funded('10000');
      const bill = newBill(6, 11);
      expect(errorCode(await pay(user, bill))).toBe('INSUFFICIENT_FUNDS');
      expect((await platform.gql(INSPECT, { b: bill.billId, p: bill.paymentId }, user.token)).data.inspectBill.alreadyPaid).toBe(false);
      await fund(platform, user.token, '10000');
      expect((await pay(user, bill)).errors).toBeUndefined();
    });

    it('is INVALID_BILL with the reason for a bad bill, before anything else', async () => {
      const user = await platform.signUp();
      const res = await pay(user, { billId: '9174639504124', paymentId: '12908197' });
      expect(res.errors![0].extensions).toMatchObject({ code: 'INVALID_BILL', reason: 'PAIR_CHECK_DIGIT' });
    });

    it('spreads payments of one bill type over the payable account shards', async () => {
      const user = await funded('1000000');
      for (let i = 0; i < 12; i++) expect((await pay(user, newBill(9, 3))).errors).toBeUndefined();
      const { rows } = await db.query(
        `SELECT count(DISTINCT shard)::int AS shards, sum(balance)::text AS total FROM payments.accounts WHERE code = 'BILL_PAYABLE:TRAFFIC_FINE'`,
      );
      expect(rows[0].shards).toBeGreaterThan(1);
      expect(rows[0].total).toBe('36000');
    });
  });

  describe('billPayments', () => {
    it("lists the viewer's own receipts newest first, in pages", async () => {
      const user = await funded('1000000');
      const other = await funded('1000000');
      const paid: string[] = [];
      for (let i = 1; i <= 5; i++) paid.push((await pay(user, newBill(1, i))).data.payBill.id);
      await pay(other, newBill(1, 9));
      const first = (await platform.gql(BILL_PAYMENTS, { f: 3 }, user.token)).data.billPayments;
      expect(first.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(paid.slice(2).reverse());
      expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      const rest = (await platform.gql(BILL_PAYMENTS, { f: 3, a: first.pageInfo.endCursor }, user.token)).data.billPayments;
      expect(rest.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(paid.slice(0, 2).reverse());
      expect(rest.pageInfo.hasNextPage).toBe(false);
      expect(errorCode(await platform.gql(BILL_PAYMENTS, { f: 101 }, user.token))).toBe('BAD_USER_INPUT');
    });

    it('gives every receipt its own digits-only tracking code', async () => {
      const { rows } = await db.query(`SELECT count(*)::int AS n, count(DISTINCT tracking_code)::int AS codes,
        bool_and(tracking_code ~ '^[0-9]{12}$') AS digits FROM payments.transfers`);
      expect(rows[0].n).toBeGreaterThan(20);
      expect(rows[0].codes).toBe(rows[0].n);
      expect(rows[0].digits).toBe(true);
      await expectLedgerVerifies(platform);
    });
  });
});
