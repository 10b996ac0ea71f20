import { randomUUID } from 'node:crypto';
import { queryRow } from '@app/common';
import { postTransfer, PostTransferInput } from '../../src/database/functions/post_transfer.function';
import { newTrackingCode } from '../../src/ledger/ids';
import { balanceOf, count, fundedWallet, LedgerDatabase, openLedgerDatabase, sqlState } from './support';

describe('post_transfer', () => {
  let db: LedgerDatabase;
  beforeAll(async () => {
    db = await openLedgerDatabase();
  });
  afterAll(() => db?.close());

  const leg = (input: Partial<PostTransferInput> & Pick<PostTransferInput, 'debit' | 'credit' | 'amount'>) =>
    postTransfer(db.ds, { id: randomUUID(), kind: 'REFUND', refId: null, trackingCode: newTrackingCode(), ...input });

  it('creates a wallet on its first credit and records both balances after, in the leg and in the transfer', async () => {
    const userId = randomUUID();
    const posted = await leg({ debit: { code: 'TEST_FUNDING', shard: 3 }, credit: { userId }, amount: 5000n });
    expect(posted.creditBalance).toBe('5000');
    expect(posted.debitBalance).toBe('-5000');
    expect(posted.createdAt).toBeInstanceOf(Date);
    expect(await balanceOf(db.ds, userId)).toBe('5000');
    const row = await queryRow<{ debit_account_id: string; credit_account_id: string; credit_balance_after: string; seq: string }>(
      db.ds,
      `SELECT debit_account_id, credit_account_id, credit_balance_after, seq FROM transfers WHERE credit_account_id = $1`,
      [posted.creditAccountId],
    );
    expect(row).toEqual({
      debit_account_id: posted.debitAccountId,
      credit_account_id: posted.creditAccountId,
      credit_balance_after: '5000',
      seq: posted.seq,
    });
  });

  it('keeps each shard of a platform account its own row', async () => {
    const a = await leg({ debit: { code: 'SHARDED', shard: 0 }, credit: { code: 'SINK', shard: 0 }, amount: 10n });
    const b = await leg({ debit: { code: 'SHARDED', shard: 1 }, credit: { code: 'SINK', shard: 0 }, amount: 10n });
    expect(a.debitAccountId).not.toBe(b.debitAccountId);
    expect(b.creditAccountId).toBe(a.creditAccountId);
    expect(b.creditBalance).toBe('20');
    expect(await count(db.ds, 'accounts', `code = 'SHARDED'`, [])).toBe(2);
  });

  it('refuses a debit the wallet cannot afford (PY001) and changes nothing', async () => {
    const userId = await fundedWallet(db.ds, 1000n);
    const id = randomUUID();
    expect(await sqlState(leg({ id, debit: { userId }, credit: { code: 'SINK', shard: 0 }, amount: 1001n }))).toBe('PY001');
    expect(await sqlState(leg({ debit: { userId: randomUUID() }, credit: { code: 'SINK', shard: 0 }, amount: 1n }))).toBe('PY001');
    expect(await balanceOf(db.ds, userId)).toBe('1000');
    expect(await count(db.ds, 'transfers', 'id = $1', [id])).toBe(0);
    const posted = await leg({ debit: { userId }, credit: { code: 'SINK', shard: 0 }, amount: 1000n });
    expect(posted.debitBalance).toBe('0');
  });

  it('refuses an amount that is not positive', async () => {
    expect(await sqlState(leg({ debit: { code: 'TEST_FUNDING', shard: 0 }, credit: { userId: randomUUID() }, amount: 0n }))).toBe('23514');
  });

  it('records the batch and the transfer a correction reverses', async () => {
    const userId = randomUUID();
    const wrong = randomUUID();
    await leg({ id: wrong, debit: { code: 'TEST_FUNDING', shard: 0 }, credit: { userId }, amount: 900n });
    const batchId = randomUUID();
    await leg({ batchId, debit: { userId }, credit: { code: 'TEST_FUNDING', shard: 0 }, amount: 900n, reversesId: wrong });
    expect(await balanceOf(db.ds, userId)).toBe('0');
    expect(await count(db.ds, 'transfers', 'reverses_id = $1 AND batch_id = $2', [wrong, batchId])).toBe(1);
  });
});
