import { randomUUID } from 'node:crypto';
import { payMoneyRequest, PayMoneyRequestInput } from '../../src/database/functions/pay_money_request.function';
import { newTrackingCode } from '../../src/ledger/ids';
import { eventsOf, openRequest } from './chat_money_support';
import { balanceOf, count, fundedWallet, LedgerDatabase, openLedgerDatabase, sqlState } from './support';

describe('pay_money_request', () => {
  let db: LedgerDatabase;
  beforeAll(async () => {
    db = await openLedgerDatabase();
  });
  afterAll(() => db?.close());

  const input = (requestId: string, payerId: string, over: Partial<PayMoneyRequestInput> = {}): PayMoneyRequestInput => ({
    requestId,
    payerId,
    transferId: randomUUID(),
    key: randomUUID(),
    argsHash: `pay-${requestId}`,
    trackingCode: newTrackingCode(),
    dailyLimit: 1_000_000n,
    ...over,
  });

  it('moves the amount from payer to requester once, records the transfer, closes the request and writes its event', async () => {
    const payer = await fundedWallet(db.ds, 5000n);
    const requester = randomUUID();
    const id = await openRequest(db.ds, requester, payer, 1200n);
    const call = input(id, payer);
    const paid = await payMoneyRequest(db.ds, call);
    expect(paid).toMatchObject({ replayOf: null, fromBalance: '3800', toBalance: '1200', toUserId: requester });
    expect((await payMoneyRequest(db.ds, { ...call, trackingCode: newTrackingCode() })).replayOf).toBe(id);
    expect(await sqlState(payMoneyRequest(db.ds, input(id, payer)))).toBe('PYM01');
    expect(await balanceOf(db.ds, payer)).toBe('3800');
    expect(
      await count(db.ds, 'payment_transfers', 'id = $1 AND from_user_id = $2 AND to_user_id = $3', [call.transferId, payer, requester]),
    ).toBe(1);
    expect(await count(db.ds, 'money_requests', `id = $1 AND status = 'PAID' AND paid_by = $2`, [id, payer])).toBe(1);
    expect((await eventsOf(db.ds, id)).map((e) => e.version)).toEqual([1, 2]);
  });

  it('refuses the requester, a payer not asked, a missing request and a short wallet, changing nothing', async () => {
    const payer = await fundedWallet(db.ds, 100n);
    const other = await fundedWallet(db.ds, 10_000n);
    const requester = await fundedWallet(db.ds, 10_000n);
    const id = await openRequest(db.ds, requester, payer, 500n);
    expect(await sqlState(payMoneyRequest(db.ds, input(id, requester)))).toBe('PYM02');
    expect(await sqlState(payMoneyRequest(db.ds, input(id, other)))).toBe('PYM02');
    expect(await sqlState(payMoneyRequest(db.ds, input(randomUUID(), payer)))).toBe('PYM03');
    const call = input(id, payer);
    expect(await sqlState(payMoneyRequest(db.ds, call))).toBe('PY001');
    // The key was released with the failed call.
    expect(await count(db.ds, 'idempotency_keys', 'key = $1', [call.key])).toBe(0);
    expect(await sqlState(payMoneyRequest(db.ds, input(id, payer, { dailyLimit: 100n })))).toBe('PY004');
    expect(await count(db.ds, 'money_requests', `id = $1 AND status = 'OPEN'`, [id])).toBe(1);
  });

  it('pays a request that names no payer once when many race, whoever they are', async () => {
    const requester = randomUUID();
    const payers = await Promise.all(Array.from({ length: 8 }, () => fundedWallet(db.ds, 1000n)));
    const id = await openRequest(db.ds, requester, null, 700n);
    const results = await Promise.all(payers.map((p) => sqlState(payMoneyRequest(db.ds, input(id, p)))));
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === 'PYM01')).toHaveLength(7);
    expect(await balanceOf(db.ds, requester)).toBe('700');
  });
});
