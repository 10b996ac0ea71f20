import { randomUUID } from 'node:crypto';
import { queryRows } from '@app/common';
import { cancelBillSplit } from '../../src/database/functions/cancel_bill_split.function';
import { payBillShare } from '../../src/database/functions/pay_bill_share.function';
import { codes, eventsOf, openSplit, splitRow } from './chat_money_support';
import { balanceOf, fundedWallet, LedgerDatabase, openLedgerDatabase, sqlState } from './support';

describe('cancel_bill_split (and close_bill_split)', () => {
  let db: LedgerDatabase;
  beforeAll(async () => {
    db = await openLedgerDatabase();
  });
  afterAll(() => db?.close());

  async function paidIn(splitId: string, userId: string): Promise<void> {
    await payBillShare(db.ds, {
      splitId,
      userId,
      shareTransferId: randomUUID(),
      billPaymentId: randomUUID(),
      key: randomUUID(),
      argsHash: 'h',
      trackingCodes: codes(5),
      shard: 0,
    });
  }

  it('returns each share paid in with one BILL_SHARE_RETURNED transfer, in one call, and closes the split', async () => {
    const users = await Promise.all([fundedWallet(db.ds, 5000n), fundedWallet(db.ds, 5000n), fundedWallet(db.ds, 5000n)]);
    const id = await openSplit(db.ds, users, 3000n);
    await paidIn(id, users[1]);
    await paidIn(id, users[2]);
    expect(await sqlState(cancelBillSplit(db.ds, { splitId: id, userId: users[1], reason: 'CANCELLED', trackingCodes: codes(3) }))).toBe(
      'PYM02',
    );
    const changes = await cancelBillSplit(db.ds, { splitId: id, userId: users[0], reason: 'CANCELLED', trackingCodes: codes(3) });
    expect(changes.map((c) => c.userId).sort()).toEqual([users[1], users[2]].sort());
    for (const u of users) expect(await balanceOf(db.ds, u)).toBe('5000');
    const returned = await queryRows<{ n: number }>(
      db.ds,
      `SELECT count(*)::int AS n FROM transfers WHERE kind = 'BILL_SHARE_RETURNED' AND ref_id = $1 AND amount = 1000`,
      [id],
    );
    expect(returned[0].n).toBe(2);
    expect(await splitRow(db.ds, id)).toMatchObject({ status: 'CANCELLED', close_reason: 'CANCELLED', balance: '0' });
    expect((await eventsOf(db.ds, id)).map((e) => e.version)).toEqual([1, 2, 3, 4]);
    expect(await sqlState(cancelBillSplit(db.ds, { splitId: id, userId: users[0], reason: 'CANCELLED', trackingCodes: codes(3) }))).toBe(
      'PYM01',
    );
  });

  it('lets the platform close a split (userId null) with its reason, and refuses a missing one', async () => {
    const users = await Promise.all([fundedWallet(db.ds, 5000n), fundedWallet(db.ds, 5000n)]);
    const id = await openSplit(db.ds, users, 2000n);
    await paidIn(id, users[0]);
    await cancelBillSplit(db.ds, { splitId: id, userId: null, reason: 'EXPIRED', trackingCodes: codes(2) });
    expect(await splitRow(db.ds, id)).toMatchObject({ status: 'CANCELLED', close_reason: 'EXPIRED' });
    expect(
      await sqlState(cancelBillSplit(db.ds, { splitId: randomUUID(), userId: null, reason: 'EXPIRED', trackingCodes: codes(2) })),
    ).toBe('PYM03');
  });
});
