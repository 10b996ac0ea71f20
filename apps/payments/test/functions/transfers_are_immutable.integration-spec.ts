import { randomUUID } from 'node:crypto';
import { queryRow } from '@app/common';
import { fundedWallet, LedgerDatabase, openLedgerDatabase } from './support';

describe('transfers_are_immutable', () => {
  let db: LedgerDatabase;
  beforeAll(async () => {
    db = await openLedgerDatabase();
  });
  afterAll(() => db?.close());

  const failure = (sql: string, params: unknown[] = []) =>
    db.ds.query(sql, params).then(
      () => ({ code: 'ok', message: '' }),
      (err: { code?: string; message: string }) => ({ code: err.code, message: err.message }),
    );

  it('refuses to update, delete or truncate posted transfers (23001), and the transfer stays as posted', async () => {
    const userId = await fundedWallet(db.ds, 700n);
    const { id } = (await queryRow<{ id: string }>(
      db.ds,
      `SELECT t.id FROM transfers t JOIN accounts a ON a.id = t.credit_account_id WHERE a.user_id = $1`,
      [userId],
    ))!;
    const refused = { code: '23001', message: 'posted transfers are immutable: post a correcting transfer instead' };
    expect(await failure(`UPDATE transfers SET amount = 1 WHERE id = $1`, [id])).toEqual(refused);
    expect(await failure(`DELETE FROM transfers WHERE id = $1`, [id])).toEqual(refused);
    expect(await failure(`TRUNCATE transfers CASCADE`)).toEqual(refused);
    expect(await failure(`UPDATE transfers SET ref_id = $2 WHERE id = $1`, [id, randomUUID()])).toEqual(refused);
    const row = await queryRow<{ amount: string; ref_id: string | null }>(db.ds, `SELECT amount, ref_id FROM transfers WHERE id = $1`, [
      id,
    ]);
    expect(row).toEqual({ amount: '700', ref_id: null });
  });
});
