import { Client } from 'pg';
import { TestPlatform } from '@test/support';
import { FakeJibit, JIBIT_CREDENTIALS, startFakeJibit } from '../../apps/payments/test/fake-jibit';
import { balanceOf, expectLedgerVerifies, fund, key, startPaymentsPlatform } from '../../apps/payments/test/support';
import { addBankAccount, ended, eventually, ibanEndingIn, PAYOUTS, REQUEST_PAYOUT } from './payouts-support';

/** Payouts through Jibit Transferor (a local server speaking its API), with answers lost, requests lost, restarts and two copies. */
describe('payouts through Jibit Transferor', () => {
  let jibit: FakeJibit;
  let platform: TestPlatform;
  let db: Client;

  beforeAll(async () => {
    jibit = await startFakeJibit();
    platform = await startPaymentsPlatform({
      services: ['accounts', 'payments'],
      env: {
        PAYOUT_PROVIDER: 'jibit',
        ...JIBIT_CREDENTIALS,
        JIBIT_TRANSFEROR_URL: jibit.transferorUrl,
        JIBIT_IDENTICATOR_URL: jibit.identicatorUrl,
        JIBIT_TIMEOUT_MS: '1000',
        PAYOUT_SEND_DELAY_MS: '0',
        PAYOUT_POLL_MS: '100',
        PAYOUT_INQUIRE_EVERY_MS: '300',
        PAYOUT_RESUBMIT_AFTER_MS: '1000',
        PAYOUT_FEE_RIALS: '3000',
      },
    });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
  });
  afterEach(() => {
    jibit.submitDelayMs = 0;
    jibit.dropSubmissions = 0;
    jibit.identicatorDown = false;
    jibit.settleOnInquiry = 'TRANSFERRED';
  });
  afterAll(async () => {
    await expectLedgerVerifies(platform);
    await db?.end();
    await platform?.close();
    await jibit?.close();
  });

  async function payout(amount: string, ending = '1111') {
    const user = await platform.signUp();
    await fund(platform, user.token, '500000');
    const account = await addBankAccount(platform, user.token, ibanEndingIn(ending));
    const res = await platform.gql(REQUEST_PAYOUT, { i: { bankAccountId: account.id, amount, idempotencyKey: key() } }, user.token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    const row = await db.query(`SELECT reference FROM payments.payouts WHERE id = $1`, [res.data.requestPayout.id]);
    return { ...user, account, payout: res.data.requestPayout, reference: row.rows[0].reference as string };
  }

  it('names the holder from Identicator, sends the payout under its reference, and settles it SUCCEEDED with the bank transfer id', async () => {
    const { token, account, payout: p, reference } = await payout('200000');
    expect(account.ownerName).toBe('مریم احمدی');
    expect(await ended(platform, token, p.id)).toBe('SUCCEEDED');
    const transfer = jibit.transfers.get(reference)!;
    expect(transfer).toMatchObject({ amount: 200000, currency: 'RIALS', destinationFirstName: 'مریم', destinationLastName: 'احمدی' });
    const done = (await platform.gql(PAYOUTS, { f: 1 }, token)).data.payouts.edges[0].node;
    expect(done.bankReference).toBe(transfer.bankTransferID);
    expect(await balanceOf(platform, token)).toBe('297000');
  });

  it('inquires a payout whose answer timed out and settles it once, never sending it again', async () => {
    jibit.submitDelayMs = 2_000;
    const { token, payout: p, reference } = await payout('100000');
    expect(await ended(platform, token, p.id)).toBe('SUCCEEDED');
    expect(jibit.submissions.get(reference)).toBe(1);
    const legs = await db.query(`SELECT kind, count(*)::int AS n FROM payments.transfers WHERE ref_id = $1 GROUP BY kind ORDER BY kind`, [
      p.id,
    ]);
    expect(legs.rows).toEqual([
      { kind: 'PAYOUT', n: 1 },
      { kind: 'PAYOUT_SETTLED', n: 2 },
    ]);
    expect(await balanceOf(platform, token)).toBe('397000');
  });

  it('submits again, under the same reference, a payout Jibit never received; it is executed once', async () => {
    jibit.dropSubmissions = 1;
    const { token, payout: p, reference } = await payout('100000');
    expect(await ended(platform, token, p.id)).toBe('SUCCEEDED');
    expect(jibit.submissions.get(reference)).toBe(2);
    expect([...jibit.transfers.values()].filter((t) => t.transferID === reference)).toHaveLength(1);
  });

  it('gives the money back when Jibit fails the transfer, with its reason', async () => {
    jibit.settleOnInquiry = 'FAILED';
    const { token, payout: p } = await payout('100000');
    expect(await ended(platform, token, p.id)).toBe('FAILED');
    const failed = (await platform.gql(PAYOUTS, { f: 1 }, token)).data.payouts.edges[0].node;
    expect(failed.failureReason).toContain('ACCOUNT_BLOCKED');
    expect(await balanceOf(platform, token)).toBe('500000');
  });

  it('settles once across a restart and two copies of payments when the answer was lost', async () => {
    jibit.submitDelayMs = 2_000;
    jibit.settleOnInquiry = null;
    const { token, payout: p, reference } = await payout('100000');
    expect(await eventually(async () => jibit.transfers.has(reference))).toBe(true);
    await platform.stopService('payments');
    jibit.settleOnInquiry = 'TRANSFERRED';
    await platform.startService('payments', { PUBLIC_URL: platform.url });
    await platform.startService('payments', { PUBLIC_URL: platform.url });
    expect(await ended(platform, token, p.id)).toBe('SUCCEEDED');
    expect(jibit.submissions.get(reference)).toBe(1);
    const settled = await db.query(`SELECT count(*)::int AS n FROM payments.transfers WHERE ref_id = $1 AND kind = 'PAYOUT_SETTLED'`, [
      p.id,
    ]);
    expect(settled.rows[0].n).toBe(2);
  });

  it('saves an account while Identicator is down, and names its holder once it answers again', async () => {
    jibit.identicatorDown = true;
    const { token } = await platform.signUp();
    const account = await addBankAccount(platform, token, ibanEndingIn('6666'));
    expect(account.ownerName).toBeNull();
    jibit.identicatorDown = false;
    const named = async () =>
      (await platform.gql(`{ bankAccounts { id ownerName } }`, {}, token)).data.bankAccounts[0].ownerName === 'مریم احمدی';
    expect(await eventually(named)).toBe(true);
  });

  it('sends each of many payouts exactly once with several copies of payments claiming work at once', async () => {
    await platform.startService('payments', { PUBLIC_URL: platform.url });
    const user = await platform.signUp();
    await fund(platform, user.token, '5000000');
    const account = await addBankAccount(platform, user.token, ibanEndingIn('8888'));
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        platform.gql(REQUEST_PAYOUT, { i: { bankAccountId: account.id, amount: '100000', idempotencyKey: key() } }, user.token),
      ),
    );
    expect(answers.every((a) => !a.errors)).toBe(true);
    const ids: string[] = answers.map((a) => a.data.requestPayout.id);
    for (const id of ids) expect(await ended(platform, user.token, id)).toBe('SUCCEEDED');
    const { rows } = await db.query(`SELECT reference FROM payments.payouts WHERE id = ANY($1::uuid[])`, [ids]);
    expect(rows.map((r) => jibit.submissions.get(r.reference))).toEqual(rows.map(() => 1));
    expect(await balanceOf(platform, user.token)).toBe(String(5_000_000 - 20 * 103_000));
  });
});
