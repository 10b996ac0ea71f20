import { randomUUID } from 'node:crypto';
import { queryRow, queryRows } from '@app/common';
import { settleTopUp, SettleTopUpInput } from '../../src/database/functions/settle_top_up.function';
import { newTrackingCode } from '../../src/ledger/ids';
import { balanceOf, count, LedgerDatabase, openLedgerDatabase } from './support';

describe('settle_top_up', () => {
  let db: LedgerDatabase;
  beforeAll(async () => {
    db = await openLedgerDatabase();
  });
  afterAll(() => db?.close());

  /** A PENDING top-up of amount for a new user through the sandbox bank. */
  async function pending(amount: bigint): Promise<{ id: string; userId: string }> {
    const id = randomUUID();
    const userId = randomUUID();
    await queryRows<never>(
      db.ds,
      `INSERT INTO top_ups (id, user_id, amount, gateway, authority, payment_url) VALUES ($1, $2, $3, 'sandbox', $4, 'https://pay.example/')`,
      [id, userId, amount.toString(), `S${id}`],
    );
    return { id, userId };
  }
  const settle = (topUpId: string, over: Partial<SettleTopUpInput> = {}) =>
    settleTopUp(db.ds, {
      topUpId,
      status: 'SUCCEEDED',
      bankReference: '123456789',
      cardPan: '6037-99**-****-1234',
      reason: null,
      transferId: randomUUID(),
      trackingCode: newTrackingCode(),
      shard: 2,
      ...over,
    });
  const topUp = (id: string) =>
    queryRow<{ status: string; transfer_id: string | null; bank_reference: string | null; failure_reason: string | null }>(
      db.ds,
      `SELECT status, transfer_id, bank_reference, failure_reason FROM top_ups WHERE id = $1`,
      [id],
    );

  it("credits the wallet the top-up's own amount from the bank's clearing account, once", async () => {
    const { id, userId } = await pending(150_000n);
    const transferId = randomUUID();
    const settled = await settle(id, { transferId });
    expect(settled).toMatchObject({ changed: true, status: 'SUCCEEDED', userId, balance: '150000' });
    expect(await balanceOf(db.ds, userId)).toBe('150000');
    expect(await topUp(id)).toEqual({ status: 'SUCCEEDED', transfer_id: transferId, bank_reference: '123456789', failure_reason: null });
    const clearing = await queryRow<{ balance: string }>(
      db.ds,
      `SELECT balance FROM accounts WHERE code = 'GATEWAY_CLEARING:sandbox' AND shard = 2`,
    );
    expect(clearing!.balance).toBe('-150000');

    const again = await settle(id, { transferId: randomUUID() });
    expect(again).toEqual({ changed: false, status: 'SUCCEEDED', userId, seq: null, walletId: null, balance: null });
    expect(await balanceOf(db.ds, userId)).toBe('150000');
    expect(await count(db.ds, 'transfers', `kind = 'TOP_UP' AND ref_id = $1`, [id])).toBe(1);
  });

  it('fails or expires a top-up without any credit, and a terminal state never changes again', async () => {
    const failed = await pending(20_000n);
    expect(await settle(failed.id, { status: 'FAILED', bankReference: null, cardPan: null, reason: 'not paid' })).toMatchObject({
      changed: true,
      status: 'FAILED',
      seq: null,
    });
    expect(await topUp(failed.id)).toEqual({ status: 'FAILED', transfer_id: null, bank_reference: null, failure_reason: 'not paid' });
    expect(await settle(failed.id)).toMatchObject({ changed: false, status: 'FAILED' });

    const expired = await pending(20_000n);
    await settle(expired.id, { status: 'EXPIRED', bankReference: null, cardPan: null, reason: 'too late' });
    expect(await settle(expired.id)).toMatchObject({ changed: false, status: 'EXPIRED' });
    expect(await balanceOf(db.ds, failed.userId)).toBeUndefined();
    expect(await balanceOf(db.ds, expired.userId)).toBeUndefined();
  });
});
