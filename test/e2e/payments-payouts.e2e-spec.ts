import { Client } from 'pg';
import { errorCode, TestPlatform } from '@test/support';
import {
  balanceOf,
  expectLedgerVerifies,
  fund,
  key,
  startPaymentsPlatform,
  TRANSACTIONS,
  TransactionNode,
} from '../../apps/payments/test/support';
import {
  ADD_BANK_ACCOUNT,
  addBankAccount,
  CANCEL_PAYOUT,
  ended,
  eventually,
  ibanEndingIn,
  PAYOUT_FIELDS,
  PAYOUTS,
  REQUEST_PAYOUT,
} from './payouts-support';

describe('payouts through the sandbox provider', () => {
  let platform: TestPlatform;
  let db: Client;

  beforeAll(async () => {
    platform = await startPaymentsPlatform({
      services: ['accounts', 'payments'],
      env: {
        PAYOUT_SANDBOX_DELAY_MS: '300',
        PAYOUT_SEND_DELAY_MS: '0',
        PAYOUT_POLL_MS: '100',
        PAYOUT_FEE_RIALS: '5000',
        PAYOUT_MIN_RIALS: '10000',
        PAYOUT_MAX_RIALS: '400000',
        PAYOUT_DAILY_MAX_RIALS: '600000',
      },
    });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await expectLedgerVerifies(platform);
    await db?.end();
    await platform?.close();
  });

  async function funded(amount: string) {
    const user = await platform.signUp();
    await fund(platform, user.token, amount);
    return user;
  }
  const request = (token: string, bankAccountId: string, amount: string, idempotencyKey = key()) =>
    platform.gql(REQUEST_PAYOUT, { i: { bankAccountId, amount, idempotencyKey } }, token);

  describe('bank accounts', () => {
    it('adds an IBAN typed with Persian digits and spaces, names its bank and holder, lists and removes it', async () => {
      const { token } = await platform.signUp();
      const iban = ibanEndingIn('1234', '012');
      const typed = iban.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]).replace(/(.{4})/g, '$1 ');
      const res = await platform.gql(ADD_BANK_ACCOUNT, { i: typed }, token);
      expect(res.errors).toBeUndefined();
      const account = res.data.addBankAccount;
      expect(account).toMatchObject({ iban, bankName: 'بانک ملت', bankColor: expect.stringMatching(/^#[0-9a-f]{6}$/) });
      expect(account.ownerName).toEqual(expect.any(String));
      // The same IBAN again is the same account.
      expect((await platform.gql(ADD_BANK_ACCOUNT, { i: iban }, token)).data.addBankAccount.id).toBe(account.id);
      expect((await platform.gql(`{ bankAccounts { id iban } }`, {}, token)).data.bankAccounts).toEqual([{ id: account.id, iban }]);
      const info = await platform.gql(`query($i:String!){ ibanInfo(iban:$i){ iban bankName bankColor } }`, { i: typed }, token);
      expect(info.data.ibanInfo).toMatchObject({ iban, bankName: 'بانک ملت' });

      const other = await platform.signUp();
      expect(errorCode(await platform.gql(`mutation($id:ID!){ removeBankAccount(id:$id) }`, { id: account.id }, other.token))).toBe(
        'NOT_FOUND',
      );
      expect((await platform.gql(`mutation($id:ID!){ removeBankAccount(id:$id) }`, { id: account.id }, token)).data.removeBankAccount).toBe(
        true,
      );
      expect((await platform.gql(`{ bankAccounts { id } }`, {}, token)).data.bankAccounts).toEqual([]);
    });

    it('refuses what the edge refuses everywhere: an empty ID, NUL in an IBAN, a page of 0', async () => {
      const { token } = await platform.signUp();
      const remove = await platform.gql(`mutation($id:ID!){ removeBankAccount(id:$id) }`, { id: '' }, token);
      expect(remove.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      const nul = await platform.gql(ADD_BANK_ACCOUNT, { i: 'IR71\u0000' }, token);
      expect(nul.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'iban' });
      expect(errorCode(await platform.gql(PAYOUTS, { f: 0 }, token))).toBe('BAD_USER_INPUT');
    });

    it('refuses a wrong IBAN with INVALID_IBAN and its reason', async () => {
      const { token } = await platform.signUp();
      const good = ibanEndingIn('1234');
      const typo = good.slice(0, 10) + ((Number(good[10]) + 1) % 10) + good.slice(11);
      const cases: Array<[string, string]> = [
        ['IR12', 'FORMAT'],
        [typo, 'CHECKSUM'],
        [ibanEndingIn('1234', '999'), 'UNKNOWN_BANK'],
      ];
      for (const [iban, reason] of cases) {
        const res = await platform.gql(ADD_BANK_ACCOUNT, { i: iban }, token);
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_IBAN', reason });
      }
    });
  });

  it('holds amount + fee at once, then SUCCEEDED with the bank reference; wallet shows one PAYOUT; payoutChanged delivers it', async () => {
    const { token } = await funded('300000');
    const account = await addBankAccount(platform, token, ibanEndingIn('1111'));
    const ws = platform.ws(token);
    const changes: Array<{ id: string; status: string }> = [];
    ws.client.subscribe<{ payoutChanged: { id: string; status: string } }>(
      { query: `subscription { payoutChanged { ${PAYOUT_FIELDS} } }` },
      { next: (v) => v.data && changes.push(v.data.payoutChanged), error: () => undefined, complete: () => undefined },
    );
    // The subscription is live once the socket answers a query.
    await ws.request(`{ wallet { id } }`);
    const res = await request(token, account.id, '100000');
    expect(res.errors).toBeUndefined();
    const payout = res.data.requestPayout;
    expect(payout).toMatchObject({ amount: '100000', fee: '5000', status: 'PENDING', bankAccount: { id: account.id } });
    expect(payout.trackingCode).toMatch(/^\d{12}$/);
    expect(await balanceOf(platform, token)).toBe('195000');
    expect(await ended(platform, token, payout.id)).toBe('SUCCEEDED');
    const done = (await platform.gql(PAYOUTS, { f: 5 }, token)).data.payouts.edges[0].node;
    expect(done).toMatchObject({
      id: payout.id,
      status: 'SUCCEEDED',
      bankReference: expect.stringMatching(/^SBX\d{12}$/),
      cancellable: false,
    });
    expect(done.completedAt).toEqual(expect.any(String));
    expect(await balanceOf(platform, token)).toBe('195000');
    const txs: TransactionNode[] = (await platform.gql(TRANSACTIONS, { f: 10 }, token)).data.wallet.transactions.edges.map(
      (e: { node: TransactionNode }) => e.node,
    );
    expect(txs.filter((t) => t.kind.startsWith('PAYOUT')).map((t) => [t.kind, t.amount])).toEqual([['PAYOUT', '105000']]);
    expect(await eventually(async () => changes.some((c) => c.id === payout.id && c.status === 'SUCCEEDED'))).toBe(true);
    await ws.client.dispose();
  });

  it('gives amount + fee back in one PAYOUT_RETURNED when the sandbox fails an IBAN ending in 9999', async () => {
    const { token } = await funded('200000');
    const account = await addBankAccount(platform, token, ibanEndingIn('9999'));
    const payout = (await request(token, account.id, '100000')).data.requestPayout;
    expect(await balanceOf(platform, token)).toBe('95000');
    expect(await ended(platform, token, payout.id)).toBe('FAILED');
    const failed = (await platform.gql(PAYOUTS, { f: 1 }, token)).data.payouts.edges[0].node;
    expect(failed.failureReason).toEqual(expect.any(String));
    expect(await balanceOf(platform, token)).toBe('200000');
    const txs: TransactionNode[] = (await platform.gql(TRANSACTIONS, { f: 10 }, token)).data.wallet.transactions.edges.map(
      (e: { node: TransactionNode }) => e.node,
    );
    expect(txs.filter((t) => t.kind.startsWith('PAYOUT')).map((t) => [t.kind, t.amount])).toEqual([
      ['PAYOUT_RETURNED', '105000'],
      ['PAYOUT', '105000'],
    ]);
  });

  it('answers a retry with the same key with the same payout, and another amount under it with IDEMPOTENCY_CONFLICT', async () => {
    const { token } = await funded('300000');
    const account = await addBankAccount(platform, token, ibanEndingIn('2222'));
    const k = key();
    const answers = await Promise.all(Array.from({ length: 10 }, () => request(token, account.id, '50000', k)));
    expect(answers.every((a) => !a.errors)).toBe(true);
    expect(new Set(answers.map((a) => a.data.requestPayout.id)).size).toBe(1);
    expect(await balanceOf(platform, token)).toBe('245000');
    expect(errorCode(await request(token, account.id, '60000', k))).toBe('IDEMPOTENCY_CONFLICT');
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM payments.payouts WHERE id = $1`, [answers[0].data.requestPayout.id]);
    expect(rows[0].n).toBe(1);
  });

  it('lets 20 concurrent payouts spend only what the wallet holds', async () => {
    const { token } = await funded('330000');
    const account = await addBankAccount(platform, token, ibanEndingIn('3333'));
    const answers = await Promise.all(Array.from({ length: 20 }, () => request(token, account.id, '50000')));
    const ok = answers.filter((a) => !a.errors);
    expect(ok).toHaveLength(6);
    expect(answers.filter((a) => a.errors).every((a) => errorCode(a) === 'INSUFFICIENT_FUNDS')).toBe(true);
    expect(await balanceOf(platform, token)).toBe('0');
  });

  it('keeps the limits: per payout, per Tehran day (and a returned payout frees its part of the day)', async () => {
    const { token } = await funded('2000000');
    const account = await addBankAccount(platform, token, ibanEndingIn('4444'));
    const failing = await addBankAccount(platform, token, ibanEndingIn('9999'));
    expect((await request(token, account.id, '9999')).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amount' });
    expect((await request(token, account.id, '400001')).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amount' });
    const quote = await platform.gql(
      `query($a:Money!){ payoutQuote(amount:$a){ amount fee total dailyRemaining } }`,
      { a: '100000' },
      token,
    );
    expect(quote.data.payoutQuote).toEqual({ amount: '100000', fee: '5000', total: '105000', dailyRemaining: '600000' });
    const back = (await request(token, failing.id, '300000')).data.requestPayout;
    expect((await request(token, account.id, '300000')).errors).toBeUndefined();
    expect(errorCode(await request(token, account.id, '100000'))).toBe('BAD_USER_INPUT');
    expect(await ended(platform, token, back.id)).toBe('FAILED');
    expect((await request(token, account.id, '100000')).errors).toBeUndefined();
  });

  it('refuses a removed account, another user’s account, and cancelling someone else’s payout', async () => {
    const a = await funded('300000');
    const b = await platform.signUp();
    const account = await addBankAccount(platform, a.token, ibanEndingIn('5555'));
    expect(errorCode(await request(b.token, account.id, '50000'))).toBe('NOT_FOUND');
    const payout = (await request(a.token, account.id, '50000')).data.requestPayout;
    expect(errorCode(await platform.gql(CANCEL_PAYOUT, { id: payout.id }, b.token))).toBe('NOT_FOUND');
    await platform.gql(`mutation($id:ID!){ removeBankAccount(id:$id) }`, { id: account.id }, a.token);
    expect(errorCode(await request(a.token, account.id, '50000'))).toBe('NOT_FOUND');
    // The payout made before the removal goes on, and still shows its account.
    expect(await ended(platform, a.token, payout.id)).toBe('SUCCEEDED');
  });
});
