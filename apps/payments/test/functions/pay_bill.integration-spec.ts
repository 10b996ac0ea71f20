import { randomUUID } from 'node:crypto';
import { queryRow } from '@app/common';
import { PaymentsEvents } from '@app/contracts';
import { payBill, PayBillInput } from '../../src/database/functions/pay_bill.function';
import { newTrackingCode } from '../../src/ledger/ids';
import { balanceOf, count, fundedWallet, LedgerDatabase, openLedgerDatabase, sqlState } from './support';

describe('pay_bill', () => {
  let db: LedgerDatabase;
  let bills = 0;
  beforeAll(async () => {
    db = await openLedgerDatabase();
  });
  afterAll(() => db?.close());

  /** A new bill of amount paid by viewerId under a new key, not shared in a chat. */
  function input(viewerId: string, amount: bigint, over: Partial<PayBillInput> = {}): PayBillInput {
    bills++;
    return {
      id: randomUUID(),
      viewerId,
      key: randomUUID(),
      argsHash: `hash-${bills}`,
      bill: { billId: String(1_000_000 + bills), paymentId: String(2_000 + bills), type: 'WATER', companyCode: '123', amount },
      trackingCode: newTrackingCode(),
      shard: bills % 4,
      conversationId: null,
      event: null,
      ...over,
    };
  }

  it("debits the wallet into the bill type's payable shard and records the payment, with no event when not shared", async () => {
    const payer = await fundedWallet(db.ds, 5000n);
    const call = input(payer, 1200n, { shard: 7 });
    const posted = await payBill(db.ds, call);
    if (posted.replayOf !== null) throw new Error('a first call is not a replay');
    expect(posted).toMatchObject({ balance: '3800', trackingCode: call.trackingCode });
    expect(await balanceOf(db.ds, payer)).toBe('3800');
    const payable = await queryRow<{ balance: string }>(
      db.ds,
      `SELECT balance FROM accounts WHERE code = 'BILL_PAYABLE:WATER' AND shard = 7`,
    );
    expect(payable!.balance).toBe('1200');
    expect(
      await count(db.ds, 'bill_payments', 'id = $1 AND user_id = $2 AND bill_id = $3 AND tracking_code = $4', [
        call.id,
        payer,
        call.bill.billId,
        call.trackingCode,
      ]),
    ).toBe(1);
    expect(await count(db.ds, 'outbox', `payload->>'billPaymentId' = $1`, [call.id])).toBe(0);
  });

  it('writes the event under the BillPaid subject when the receipt is shared in a chat', async () => {
    const payer = await fundedWallet(db.ds, 5000n);
    const conversationId = randomUUID();
    const id = randomUUID();
    const event = { eventId: `bill-paid:${id}`, billPaymentId: id, userId: payer, conversationId };
    const posted = await payBill(db.ds, input(payer, 1000n, { id, conversationId, event }));
    const outbox = await queryRow<{ subject: string; payload: Record<string, unknown> }>(
      db.ds,
      `SELECT subject, payload FROM outbox WHERE event_id = $1`,
      [event.eventId],
    );
    expect(outbox).toEqual({
      subject: PaymentsEvents.BillPaid,
      payload: { ...event, createdAt: (posted as { paidAt: Date }).paidAt.toISOString() },
    });
  });

  it('answers a replay of the key with the first payment and charges nothing more', async () => {
    const payer = await fundedWallet(db.ds, 5000n);
    const call = input(payer, 1000n);
    await payBill(db.ds, call);
    expect(await payBill(db.ds, { ...call, id: randomUUID(), trackingCode: newTrackingCode() })).toMatchObject({ replayOf: call.id });
    expect(await balanceOf(db.ds, payer)).toBe('4000');
    expect(await sqlState(payBill(db.ds, { ...call, argsHash: 'other' }))).toBe('PY002');
  });

  it('pays a bill once, whoever pays it (PY003), and charges the second payer nothing', async () => {
    const [first, second] = [await fundedWallet(db.ds, 5000n), await fundedWallet(db.ds, 5000n)];
    const call = input(first, 1000n);
    await payBill(db.ds, call);
    expect(await sqlState(payBill(db.ds, { ...input(second, 1000n), bill: call.bill }))).toBe('PY003');
    expect(await balanceOf(db.ds, second)).toBe('5000');
  });

  it('raises PY001 when the wallet cannot afford it, and the bill stays unpaid', async () => {
    const payer = await fundedWallet(db.ds, 999n);
    const call = input(payer, 1000n);
    expect(await sqlState(payBill(db.ds, call))).toBe('PY001');
    expect(await count(db.ds, 'bill_payments', 'bill_id = $1 AND payment_id = $2', [call.bill.billId, call.bill.paymentId])).toBe(0);
    expect(await count(db.ds, 'idempotency_keys', 'user_id = $1', [payer])).toBe(0);
    expect(await balanceOf(db.ds, payer)).toBe('999');
  });
});
