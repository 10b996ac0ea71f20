import { randomUUID } from 'node:crypto';
import { queryRow, queryRows } from '@app/common';
import { requestPayout, RequestPayoutInput } from '../../src/database/functions/request_payout.function';
import { settlePayout, PayoutEnd } from '../../src/database/functions/settle_payout.function';
import { newTrackingCode } from '../../src/ledger/ids';
import { verifyLedger } from '../../src/ledger/ledger-verify';
import { balanceOf, count, fundedWallet, LedgerDatabase, openLedgerDatabase } from './support';

/** request_payout.sql and settle_payout.sql: the hold, and the one ending of each payout. */
describe('request_payout / settle_payout', () => {
  let db: LedgerDatabase;
  beforeAll(async () => {
    db = await openLedgerDatabase();
  });
  afterAll(() => db?.close());

  async function bankAccount(userId: string): Promise<string> {
    const id = randomUUID();
    await queryRows(
      db.ds,
      `INSERT INTO bank_accounts (id, user_id, iban, bank_code) VALUES ($1, $2, 'IR710570029971601460641001', '057')`,
      [id, userId],
    );
    return id;
  }

  function input(userId: string, bankAccountId: string, over: Partial<RequestPayoutInput> = {}): RequestPayoutInput {
    const id = randomUUID();
    return {
      id,
      viewerId: userId,
      bankAccountId,
      amount: 100_000n,
      fee: 5_000n,
      key: randomUUID(),
      argsHash: 'h',
      trackingCode: newTrackingCode(),
      dailyLimit: 1_000_000n,
      provider: 'sandbox',
      reference: `po-${id}`,
      shard: 3,
      sendAfter: new Date(),
      ...over,
    };
  }

  const settle = (payoutId: string, status: PayoutEnd, unsentOnly = false) =>
    settlePayout(db.ds, {
      payoutId,
      status,
      bankReference: status === 'SUCCEEDED' ? 'BANK-1' : null,
      reason: status === 'FAILED' ? 'closed account' : null,
      unsentOnly,
      transferId: randomUUID(),
      trackingCode: newTrackingCode(),
      feeTransferId: randomUUID(),
      feeTrackingCode: newTrackingCode(),
    });
  const platform = async (code: string) =>
    (await queryRow<{ b: string }>(db.ds, `SELECT coalesce(sum(balance), 0)::text AS b FROM accounts WHERE code = $1`, [code]))!.b;

  it('holds amount + fee in one PAYOUT transfer and records the payout QUEUED; a replay moves nothing', async () => {
    const user = await fundedWallet(db.ds, 300_000n);
    const account = await bankAccount(user);
    const call = input(user, account);
    const held = await requestPayout(db.ds, call);
    expect(held).toMatchObject({ replayOf: null, balance: '195000' });
    expect(await count(db.ds, 'transfers', `ref_id = $1 AND kind = 'PAYOUT' AND amount = 105000`, [call.id])).toBe(1);
    const row = await queryRow<{ status: string; send_state: string }>(db.ds, `SELECT status, send_state FROM payouts WHERE id = $1`, [
      call.id,
    ]);
    expect(row).toEqual({ status: 'PENDING', send_state: 'QUEUED' });

    const replay = await requestPayout(db.ds, { ...call, id: randomUUID(), trackingCode: newTrackingCode(), reference: 'other' });
    expect(replay).toMatchObject({ replayOf: call.id, seq: null });
    expect(await balanceOf(db.ds, user)).toBe('195000');
    await expect(requestPayout(db.ds, { ...call, id: randomUUID(), argsHash: 'other' })).rejects.toMatchObject({ code: 'PY002' });
  });

  it('refuses without funds (PY001), for a removed or foreign account (PY501), and over the day (PY502), leaving the key free', async () => {
    const user = await fundedWallet(db.ds, 50_000n);
    const account = await bankAccount(user);
    const poor = input(user, account);
    await expect(requestPayout(db.ds, poor)).rejects.toMatchObject({ code: 'PY001' });
    expect(await count(db.ds, 'idempotency_keys', 'key = $1', [poor.key])).toBe(0);
    await expect(requestPayout(db.ds, input(user, await bankAccount(randomUUID()), { amount: 100n }))).rejects.toMatchObject({
      code: 'PY501',
    });
    await queryRows(db.ds, `UPDATE bank_accounts SET removed_at = now() WHERE id = $1`, [account]);
    await expect(requestPayout(db.ds, input(user, account, { amount: 100n }))).rejects.toMatchObject({ code: 'PY501' });
    const other = await bankAccount(user);
    await requestPayout(db.ds, input(user, other, { amount: 30_000n, fee: 0n, dailyLimit: 40_000n }));
    await expect(requestPayout(db.ds, input(user, other, { amount: 10_001n, fee: 0n, dailyLimit: 40_000n }))).rejects.toMatchObject({
      code: 'PY502',
    });
    expect(await balanceOf(db.ds, user)).toBe('20000');
  });

  it('settles SUCCEEDED once: amount to PAYOUT_SETTLEMENT, fee to PAYOUT_FEES; nothing returns', async () => {
    const user = await fundedWallet(db.ds, 105_000n);
    const call = input(user, await bankAccount(user));
    await requestPayout(db.ds, call);
    const [settlement, fees] = [await platform('PAYOUT_SETTLEMENT'), await platform('PAYOUT_FEES')];
    expect(await settle(call.id, 'SUCCEEDED')).toMatchObject({ changed: true, status: 'SUCCEEDED', userId: user });
    expect(await settle(call.id, 'SUCCEEDED')).toMatchObject({ changed: false, status: 'SUCCEEDED' });
    expect(await settle(call.id, 'FAILED')).toMatchObject({ changed: false, status: 'SUCCEEDED' });
    expect(BigInt(await platform('PAYOUT_SETTLEMENT')) - BigInt(settlement)).toBe(100_000n);
    expect(BigInt(await platform('PAYOUT_FEES')) - BigInt(fees)).toBe(5_000n);
    expect(await count(db.ds, 'transfers', `ref_id = $1 AND kind = 'PAYOUT_SETTLED'`, [call.id])).toBe(2);
    expect(await balanceOf(db.ds, user)).toBe('0');
  });

  it('returns amount + fee in one PAYOUT_RETURNED transfer on FAILED, and frees the day', async () => {
    const user = await fundedWallet(db.ds, 105_000n);
    const account = await bankAccount(user);
    const call = input(user, account, { dailyLimit: 100_000n });
    await requestPayout(db.ds, call);
    await queryRows(db.ds, `UPDATE payouts SET send_state = 'SENT' WHERE id = $1`, [call.id]);
    expect(await settle(call.id, 'CANCELLED', true)).toMatchObject({ changed: false, status: 'PENDING' });
    const failed = await settle(call.id, 'FAILED');
    expect(failed).toMatchObject({ changed: true, status: 'FAILED', balance: '105000' });
    expect(await count(db.ds, 'transfers', `ref_id = $1 AND kind = 'PAYOUT_RETURNED' AND amount = 105000`, [call.id])).toBe(1);
    expect(await settle(call.id, 'FAILED')).toMatchObject({ changed: false });
    // The whole day's limit is free again.
    await requestPayout(db.ds, input(user, account, { dailyLimit: 100_000n }));
    expect(await balanceOf(db.ds, user)).toBe('0');
  });

  it('cancels only while QUEUED, and a cancel racing a send lets exactly one win', async () => {
    const user = await fundedWallet(db.ds, 105_000n);
    const call = input(user, await bankAccount(user));
    await requestPayout(db.ds, call);
    const [cancel, send] = await Promise.all([
      settle(call.id, 'CANCELLED', true),
      queryRows<{ id: string }>(
        db.ds,
        `UPDATE payouts SET send_state = 'SENDING' WHERE id = $1 AND status = 'PENDING' AND send_state = 'QUEUED' RETURNING id`,
        [call.id],
      ),
    ]);
    expect(Number(cancel.changed) + send.length).toBe(1);
    const returned = await count(db.ds, 'transfers', `ref_id = $1 AND kind = 'PAYOUT_RETURNED'`, [call.id]);
    expect(returned).toBe(cancel.changed ? 1 : 0);
  });

  it('lets 20 concurrent payouts hold only what the wallet has', async () => {
    const user = await fundedWallet(db.ds, 525_000n);
    const account = await bankAccount(user);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => requestPayout(db.ds, input(user, account))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason.code === 'PY001')).toBe(true);
    expect(await balanceOf(db.ds, user)).toBe('0');
    expect(await count(db.ds, 'payouts', 'user_id = $1', [user])).toBe(5);
  });

  it('verifies after all of the above, and ledger:verify catches a payout marked settled without its entries', async () => {
    expect((await verifyLedger(db.url)).problems).toEqual([]);
    const user = await fundedWallet(db.ds, 105_000n);
    const call = input(user, await bankAccount(user));
    await requestPayout(db.ds, call);
    await queryRows(db.ds, `UPDATE payouts SET status = 'SUCCEEDED' WHERE id = $1`, [call.id]);
    const report = await verifyLedger(db.url);
    expect(report.ok).toBe(false);
    expect(report.problems.some((p) => p.startsWith('payout status and its settlement or return disagree') && p.includes(call.id))).toBe(
      true,
    );
    expect(report.problems.some((p) => p.startsWith('PAYOUT_PENDING differs from the pending payouts'))).toBe(true);
    await queryRows(db.ds, `UPDATE payouts SET status = 'PENDING' WHERE id = $1`, [call.id]);
    expect((await verifyLedger(db.url)).ok).toBe(true);
  });
});
