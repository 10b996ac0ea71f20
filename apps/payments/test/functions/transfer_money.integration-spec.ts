import { randomUUID } from 'node:crypto';
import { queryRow, queryRows } from '@app/common';
import { PaymentsEvents } from '@app/contracts';
import { transferMoney, TransferMoneyInput } from '../../src/database/functions/transfer_money.function';
import { newTrackingCode } from '../../src/ledger/ids';
import { balanceOf, count, fundedWallet, LedgerDatabase, openLedgerDatabase, sqlState } from './support';

describe('transfer_money', () => {
  let db: LedgerDatabase;
  beforeAll(async () => {
    db = await openLedgerDatabase();
  });
  afterAll(() => db?.close());

  /** A transfer of amount from viewerId to a new user, under a new key, with a daily limit of 10 000. */
  function input(viewerId: string, amount: bigint, over: Partial<TransferMoneyInput> = {}): TransferMoneyInput {
    const id = randomUUID();
    const toUserId = over.toUserId ?? randomUUID();
    return {
      id,
      viewerId,
      toUserId,
      amount,
      note: 'ناهار',
      conversationId: null,
      key: randomUUID(),
      argsHash: `hash-${amount}`,
      trackingCode: newTrackingCode(),
      dailyLimit: 10_000n,
      event: {
        eventId: `transfer-completed:${id}`,
        transferId: id,
        fromUserId: viewerId,
        toUserId,
        amount: String(amount),
        note: 'ناهار',
        conversationId: null,
      },
      ...over,
    };
  }

  it('moves the money, records the transfer and writes its event to the outbox under the subject it is given', async () => {
    const alice = await fundedWallet(db.ds, 5000n);
    const call = input(alice, 2000n);
    const posted = await transferMoney(db.ds, call);
    if (posted.replayOf !== null) throw new Error('a first call is not a replay');
    expect(posted).toMatchObject({ fromBalance: '3000', toBalance: '2000', trackingCode: call.trackingCode });
    expect([await balanceOf(db.ds, alice), await balanceOf(db.ds, call.toUserId)]).toEqual(['3000', '2000']);
    expect(await count(db.ds, 'payment_transfers', 'id = $1 AND from_user_id = $2 AND note = $3', [call.id, alice, 'ناهار'])).toBe(1);
    const outbox = await queryRow<{ subject: string; payload: Record<string, unknown> }>(
      db.ds,
      `SELECT subject, payload FROM outbox WHERE event_id = $1`,
      [call.event.eventId],
    );
    expect(outbox!.subject).toBe(PaymentsEvents.TransferCompleted);
    expect(outbox!.payload).toEqual({ ...call.event, createdAt: posted.createdAt.toISOString() });
  });

  it('takes the subject from its caller: none is written into the function', async () => {
    const alice = await fundedWallet(db.ds, 5000n);
    const call = input(alice, 1000n);
    await db.ds.query(
      `SELECT * FROM transfer_money(p_id => $1, p_from => $2, p_to => $3, p_amount => 1000, p_note => NULL, p_conversation => NULL,
         p_key => $4, p_args_hash => 'h', p_tracking => $5, p_daily_limit => 10000, p_event_subject => 'test.subject.v1', p_event => $6)`,
      [call.id, alice, call.toUserId, call.key, call.trackingCode, JSON.stringify(call.event)],
    );
    const row = await queryRow<{ subject: string }>(db.ds, `SELECT subject FROM outbox WHERE event_id = $1`, [call.event.eventId]);
    expect(row!.subject).toBe('test.subject.v1');
  });

  it('answers a replay of the key with the first transfer and moves nothing more', async () => {
    const alice = await fundedWallet(db.ds, 5000n);
    const call = input(alice, 1000n);
    await transferMoney(db.ds, call);
    const replay = await transferMoney(db.ds, { ...call, id: randomUUID(), trackingCode: newTrackingCode() });
    expect(replay).toMatchObject({ replayOf: call.id, seq: null });
    expect(await balanceOf(db.ds, alice)).toBe('4000');
    expect(await count(db.ds, 'outbox', `payload->>'fromUserId' = $1`, [alice])).toBe(1);
  });

  it('raises PY002 for the key with other arguments', async () => {
    const alice = await fundedWallet(db.ds, 5000n);
    const call = input(alice, 1000n);
    await transferMoney(db.ds, call);
    expect(await sqlState(transferMoney(db.ds, { ...call, id: randomUUID(), argsHash: 'other' }))).toBe('PY002');
    expect(await balanceOf(db.ds, alice)).toBe('4000');
  });

  it('holds each sender to the daily limit, one transfer or the day summed (PY004), counting only what went through', async () => {
    const alice = await fundedWallet(db.ds, 50_000n);
    expect(await sqlState(transferMoney(db.ds, input(alice, 10_001n)))).toBe('PY004');
    await transferMoney(db.ds, input(alice, 6000n));
    expect(await sqlState(transferMoney(db.ds, input(alice, 4001n)))).toBe('PY004');
    await transferMoney(db.ds, input(alice, 4000n));
    expect(await balanceOf(db.ds, alice)).toBe('40000');
    const totals = await queryRows<{ total: string }>(db.ds, `SELECT total FROM transfer_daily_totals WHERE user_id = $1`, [alice]);
    expect(totals).toEqual([{ total: '10000' }]);
  });

  it('raises PY001 when the wallet cannot afford it, leaving no record, event, daily total or key behind', async () => {
    const alice = await fundedWallet(db.ds, 500n);
    const call = input(alice, 501n);
    expect(await sqlState(transferMoney(db.ds, call))).toBe('PY001');
    expect(await balanceOf(db.ds, alice)).toBe('500');
    expect(await count(db.ds, 'payment_transfers', 'id = $1', [call.id])).toBe(0);
    expect(await count(db.ds, 'outbox', 'event_id = $1', [call.event.eventId])).toBe(0);
    expect(await count(db.ds, 'transfer_daily_totals', 'user_id = $1', [alice])).toBe(0);
    expect(await count(db.ds, 'idempotency_keys', 'user_id = $1', [alice])).toBe(0);
  });
});
