import { randomUUID } from 'node:crypto';
import { queryRow, queryRows } from '@app/common';
import { PAYMENTS_MIGRATIONS } from '../src/app.module';
import { LEDGER_FUNCTIONS, LedgerFunctionFiles1764400000002 } from '../src/database/migrations/1764400000002-LedgerFunctionFiles';
import { fundedWallet, LedgerDatabase, openLedgerDatabase } from './functions/support';

/** The migration that moved the ledger's functions into files: what it loads, and that it can be undone. */
describe('LedgerFunctionFiles1764400000002', () => {
  let db: LedgerDatabase;
  beforeAll(async () => {
    db = await openLedgerDatabase();
  });
  afterAll(() => db?.close());

  const signatures = async () =>
    (
      await queryRows<{ signature: string }>(
        db.ds,
        `SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS signature
           FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
          WHERE n.nspname = 'payments' AND p.proname IN ('transfer_money', 'pay_bill')
          ORDER BY 1`,
      )
    ).map((r) => r.signature);
  const tableExists = async (name: string) =>
    (await queryRow<{ found: boolean }>(db.ds, `SELECT to_regclass($1) IS NOT NULL AS found`, [`payments.${name}`]))!.found;

  it('leaves one version of each function, taking the subject, and no processed_events', async () => {
    const loaded = await queryRows<{ proname: string }>(
      db.ds,
      `SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'payments' ORDER BY 1`,
    );
    // Later migrations add functions of their own; each of these is there once.
    const names = loaded.map((r) => r.proname);
    for (const name of LEDGER_FUNCTIONS) expect(names.filter((n) => n === name)).toEqual([name]);
    const current = await signatures();
    expect(current).toHaveLength(2);
    expect(current.every((s) => s.includes('p_event_subject text, p_event jsonb'))).toBe(true);
    expect(await tableExists('processed_events')).toBe(false);
  });

  it('goes back to the released functions and table, and forward again', async () => {
    // Undo the later migrations first, then this one.
    const later = PAYMENTS_MIGRATIONS.length - 1 - PAYMENTS_MIGRATIONS.indexOf(LedgerFunctionFiles1764400000002);
    for (let i = 0; i <= later; i++) await db.ds.undoLastMigration({ transaction: 'each' });
    expect(await tableExists('processed_events')).toBe(true);
    const released = await signatures();
    expect(released.some((s) => s.includes('p_event_subject'))).toBe(false);
    expect(released).toHaveLength(2);

    // The released transfer_money writes its subject itself.
    const alice = await fundedWallet(db.ds, 1000n);
    const id = randomUUID();
    await db.ds.query(`SELECT * FROM transfer_money($1, $2, $3, 100, NULL, NULL, 'k', 'h', '123456789012', 10000, $4)`, [
      id,
      alice,
      randomUUID(),
      JSON.stringify({ eventId: `transfer-completed:${id}` }),
    ]);
    const row = await queryRow<{ subject: string }>(db.ds, `SELECT subject FROM outbox WHERE event_id = $1`, [`transfer-completed:${id}`]);
    expect(row!.subject).toBe('payments.transfer.completed.v1');

    await db.ds.runMigrations({ transaction: 'each' });
    expect(await tableExists('processed_events')).toBe(false);
    expect((await signatures()).every((s) => s.includes('p_event_subject'))).toBe(true);
  });
});
