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
import { addBankAccount, CANCEL_PAYOUT, ended, eventually, ibanEndingIn, payoutStatus, PAYOUTS, REQUEST_PAYOUT } from './payouts-support';

/** cancelPayout: only before the payout is sent, whoever races; the money back in one PAYOUT_RETURNED. */
describe('cancelling payouts', () => {
  let platform: TestPlatform;
  let db: Client;

  beforeAll(async () => {
    platform = await startPaymentsPlatform({
      services: ['accounts', 'payments'],
      // Payouts wait an hour before they are sent: long enough for any cancel in this file.
      env: { PAYOUT_SEND_DELAY_MS: '3600000', PAYOUT_POLL_MS: '100', PAYOUT_SANDBOX_DELAY_MS: '0', PAYOUT_FEE_RIALS: '5000' },
    });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await expectLedgerVerifies(platform);
    await db?.end();
    await platform?.close();
  });

  async function queued() {
    const user = await platform.signUp();
    await fund(platform, user.token, '300000');
    const account = await addBankAccount(platform, user.token, ibanEndingIn('7777'));
    const res = await platform.gql(
      REQUEST_PAYOUT,
      { i: { bankAccountId: account.id, amount: '100000', idempotencyKey: key() } },
      user.token,
    );
    expect(res.data.requestPayout).toMatchObject({ status: 'PENDING', cancellable: true });
    return { ...user, payout: res.data.requestPayout };
  }
  const cancel = (token: string, id: string) => platform.gql(CANCEL_PAYOUT, { id }, token);

  it('returns amount + fee once however many cancels race, and the payout is never sent', async () => {
    const { token, payout } = await queued();
    expect(await balanceOf(platform, token)).toBe('195000');
    const answers = await Promise.all(Array.from({ length: 10 }, () => cancel(token, payout.id)));
    expect(answers.every((a) => a.data?.cancelPayout.status === 'CANCELLED')).toBe(true);
    expect(await balanceOf(platform, token)).toBe('300000');
    const txs: TransactionNode[] = (await platform.gql(TRANSACTIONS, { f: 10 }, token)).data.wallet.transactions.edges.map(
      (e: { node: TransactionNode }) => e.node,
    );
    expect(txs.filter((t) => t.kind === 'PAYOUT_RETURNED').map((t) => t.amount)).toEqual(['105000']);
    const sent = await db.query(
      `SELECT count(*)::int AS n FROM payments.sandbox_payouts s JOIN payments.payouts p ON p.reference = s.reference WHERE p.id = $1`,
      [payout.id],
    );
    expect(sent.rows[0].n).toBe(0);
    // Ended: another cancel says so and moves nothing.
    expect(errorCode(await cancel(token, payout.id))).toBeUndefined();
  });

  it('refuses once the payout was sent to the bank', async () => {
    const { token, payout } = await queued();
    await db.query(`UPDATE payments.payouts SET send_after = now() WHERE id = $1`, [payout.id]);
    expect(
      await eventually(async () => (await platform.gql(PAYOUTS, { f: 1 }, token)).data.payouts.edges[0].node.cancellable === false),
    ).toBe(true);
    const res = await cancel(token, payout.id);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(await ended(platform, token, payout.id)).toBe('SUCCEEDED');
    expect(await payoutStatus(platform, token, payout.id)).toBe('SUCCEEDED');
    expect(await balanceOf(platform, token)).toBe('195000');
  });
});
