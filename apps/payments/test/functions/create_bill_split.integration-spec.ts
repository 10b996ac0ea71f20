import { randomUUID } from 'node:crypto';
import { queryRows } from '@app/common';
import { createBillSplit, CreateBillSplitInput } from '../../src/database/functions/create_bill_split.function';
import { payBill } from '../../src/database/functions/pay_bill.function';
import { newTrackingCode } from '../../src/ledger/ids';
import { eventsOf } from './chat_money_support';
import { count, fundedWallet, LedgerDatabase, openLedgerDatabase, sqlState } from './support';

describe('create_bill_split', () => {
  let db: LedgerDatabase;
  beforeAll(async () => {
    db = await openLedgerDatabase();
  });
  afterAll(() => db?.close());

  const input = (billId: string, over: Partial<CreateBillSplitInput> = {}): CreateBillSplitInput => {
    const [a, b] = [randomUUID(), randomUUID()];
    return {
      id: randomUUID(),
      conversationId: randomUUID(),
      creatorId: a,
      bill: { billId, paymentId: '1234', type: 'WATER', companyCode: '111', amount: 3001n },
      shares: [
        { userId: a, amount: 1501n },
        { userId: b, amount: 1500n },
      ],
      expiresAt: new Date(Date.now() + 60_000),
      ...over,
    };
  };

  it('stores the split and its shares in order once per id, with one event', async () => {
    const call = input('5550001');
    expect(await createBillSplit(db.ds, call)).toBe(true);
    expect(await createBillSplit(db.ds, call)).toBe(false);
    const shares = await queryRows<{ user_id: string; amount: string; position: number }>(
      db.ds,
      `SELECT user_id, amount, position FROM bill_shares WHERE split_id = $1 ORDER BY position`,
      [call.id],
    );
    expect(shares.map((s) => [s.user_id, String(s.amount), s.position])).toEqual([
      [call.shares[0].userId, '1501', 1],
      [call.shares[1].userId, '1500', 2],
    ]);
    expect(await eventsOf(db.ds, call.id)).toEqual([{ kind: 'BILL_SPLIT', version: 1 }]);
  });

  it('refuses a bill paid before (PY003), storing nothing', async () => {
    const payer = await fundedWallet(db.ds, 10_000n);
    const call = input('5550002');
    await payBill(db.ds, {
      id: randomUUID(),
      viewerId: payer,
      key: randomUUID(),
      argsHash: 'h',
      bill: call.bill,
      trackingCode: newTrackingCode(),
      shard: 0,
      conversationId: null,
      event: null,
    });
    expect(await sqlState(createBillSplit(db.ds, call))).toBe('PY003');
    expect(await count(db.ds, 'bill_splits', 'id = $1', [call.id])).toBe(0);
  });
});
