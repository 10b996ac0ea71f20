import { randomUUID } from 'node:crypto';
import { queryRow } from '@app/common';
import { payBill } from '../../src/database/functions/pay_bill.function';
import { payBillShare, PayBillShareInput } from '../../src/database/functions/pay_bill_share.function';
import { newTrackingCode } from '../../src/ledger/ids';
import { codes, eventsOf, openSplit, splitRow } from './chat_money_support';
import { balanceOf, count, fundedWallet, LedgerDatabase, openLedgerDatabase, sqlState } from './support';

describe('pay_bill_share', () => {
  let db: LedgerDatabase;
  beforeAll(async () => {
    db = await openLedgerDatabase();
  });
  afterAll(() => db?.close());

  const input = (splitId: string, userId: string, over: Partial<PayBillShareInput> = {}): PayBillShareInput => ({
    splitId,
    userId,
    shareTransferId: randomUUID(),
    billPaymentId: `00000000-0000-8000-8000-${splitId.slice(-12)}`,
    key: randomUUID(),
    argsHash: `share-${splitId}`,
    trackingCodes: codes(5),
    shard: 3,
    ...over,
  });

  it('holds shares in the split and, with the last, pays the bill once from it into the payable shard', async () => {
    const users = await Promise.all([fundedWallet(db.ds, 5000n), fundedWallet(db.ds, 5000n), fundedWallet(db.ds, 5000n)]);
    const id = await openSplit(db.ds, users, 3000n);
    const first = input(id, users[1]);
    expect(await payBillShare(db.ds, first)).toMatchObject({ replayOf: null, changes: [{ userId: users[1], balance: '4000' }] });
    expect(await payBillShare(db.ds, { ...first, trackingCodes: codes(5) })).toEqual({ replayOf: id });
    // Another key for a share already paid moves nothing.
    expect(await payBillShare(db.ds, input(id, users[1]))).toEqual({ replayOf: null, changes: [] });
    expect(await splitRow(db.ds, id)).toMatchObject({ status: 'COLLECTING', balance: '1000', version: 2 });
    await payBillShare(db.ds, input(id, users[2]));
    const last = input(id, users[0]);
    await payBillShare(db.ds, last);
    expect(await splitRow(db.ds, id)).toMatchObject({ status: 'PAID', balance: '0' });
    const payable = await queryRow<{ balance: string }>(
      db.ds,
      `SELECT balance FROM accounts WHERE code = 'BILL_PAYABLE:GAS' AND shard = 3`,
    );
    expect(payable!.balance).toBe('3000');
    expect(
      await count(db.ds, 'bill_payments', 'id = $1 AND split_id = $2 AND tracking_code = $3', [
        last.billPaymentId,
        id,
        last.trackingCodes[1],
      ]),
    ).toBe(1);
    expect((await eventsOf(db.ds, id)).map((e) => e.version)).toEqual([1, 2, 3, 4]);
    expect(await sqlState(payBillShare(db.ds, input(id, users[0])))).toBe('PYM01');
  });

  it('refuses a stranger, a missing split and a short wallet, releasing the key', async () => {
    const users = await Promise.all([fundedWallet(db.ds, 5000n), fundedWallet(db.ds, 10n)]);
    const id = await openSplit(db.ds, users, 2000n);
    expect(await sqlState(payBillShare(db.ds, input(id, randomUUID())))).toBe('PYM02');
    expect(await sqlState(payBillShare(db.ds, input(randomUUID(), users[0])))).toBe('PYM03');
    const poor = input(id, users[1]);
    expect(await sqlState(payBillShare(db.ds, poor))).toBe('PY001');
    expect(await count(db.ds, 'idempotency_keys', 'key = $1', [poor.key])).toBe(0);
  });

  it('returns every share instead when the bill was paid some other way', async () => {
    const users = await Promise.all([fundedWallet(db.ds, 5000n), fundedWallet(db.ds, 5000n), fundedWallet(db.ds, 5000n)]);
    const id = await openSplit(db.ds, users, 3000n);
    await payBillShare(db.ds, input(id, users[1]));
    const bill = await queryRow<{ bill_id: string; payment_id: string }>(
      db.ds,
      `SELECT bill_id, payment_id FROM bill_splits WHERE id = $1`,
      [id],
    );
    await payBill(db.ds, {
      id: randomUUID(),
      viewerId: users[2],
      key: randomUUID(),
      argsHash: 'h',
      bill: { billId: bill!.bill_id, paymentId: bill!.payment_id, type: 'GAS', companyCode: '321', amount: 3000n },
      trackingCode: newTrackingCode(),
      shard: 0,
      conversationId: null,
      event: null,
    });
    const attempt = await payBillShare(db.ds, input(id, users[0]));
    expect(attempt).toMatchObject({ replayOf: null, changes: [{ userId: users[1], balance: '5000' }] });
    expect(await splitRow(db.ds, id)).toMatchObject({ status: 'CANCELLED', close_reason: 'PAID_ELSEWHERE', balance: '0' });
    expect(await balanceOf(db.ds, users[0])).toBe('5000');
  });

  it('changes nothing when it has fewer tracking codes than shares to return (the caller retries with more)', async () => {
    const users = await Promise.all(Array.from({ length: 4 }, () => fundedWallet(db.ds, 5000n)));
    const id = await openSplit(db.ds, users, 4000n);
    for (const u of users.slice(1)) await payBillShare(db.ds, input(id, u));
    const bill = await queryRow<{ bill_id: string; payment_id: string }>(
      db.ds,
      `SELECT bill_id, payment_id FROM bill_splits WHERE id = $1`,
      [id],
    );
    await payBill(db.ds, {
      id: randomUUID(),
      viewerId: users[0],
      key: randomUUID(),
      argsHash: 'h',
      bill: { billId: bill!.bill_id, paymentId: bill!.payment_id, type: 'GAS', companyCode: '321', amount: 4000n },
      trackingCode: newTrackingCode(),
      shard: 0,
      conversationId: null,
      event: null,
    });
    const short = input(id, users[0], { trackingCodes: codes(4) });
    await expect(payBillShare(db.ds, short)).rejects.toMatchObject({
      code: '23514',
      message: expect.stringMatching(/not enough tracking codes/),
    });
    expect(await splitRow(db.ds, id)).toMatchObject({ status: 'COLLECTING', balance: '3000' });
    expect(await count(db.ds, 'idempotency_keys', 'key = $1', [short.key])).toBe(0);
    await payBillShare(db.ds, { ...short, trackingCodes: codes(5) });
    expect(await splitRow(db.ds, id)).toMatchObject({ status: 'CANCELLED', close_reason: 'PAID_ELSEWHERE', balance: '0' });
  });
});
