import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { TestPlatform } from '@test/support';
import { runLedgerVerify, verifyLedger } from '../src/ledger/ledger-verify';

/** The ledger's own rules, at the database: what holds whatever code calls it. */
describe('ledger', () => {
  let platform: TestPlatform;
  let db: Client;
  let code = 100_000_000_000;
  const tracking = () => String(++code);

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['payments'] });
    db = new Client({ connectionString: platform.databaseUrl, options: '-c search_path=payments' });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await platform?.close();
  });

  /** One leg: from a wallet (user) or a platform account (code), to a wallet or a platform account. */
  async function post(
    from: { user?: string; code?: string },
    to: { user?: string; code?: string },
    amount: number,
    batch?: string,
    reverses?: string,
  ) {
    const id = randomUUID();
    const { rows } = await db.query(`SELECT * FROM post_transfer($1, $2, 'REFUND', NULL, $3, $4, $5, $6, 0, $7, $8, 0, $9)`, [
      id,
      batch ?? id,
      tracking(),
      amount,
      from.user ?? null,
      from.code ?? null,
      to.user ?? null,
      to.code ?? null,
      reverses ?? null,
    ]);
    return { id, ...rows[0] };
  }
  const balance = async (user: string) => (await db.query(`SELECT balance FROM accounts WHERE user_id = $1`, [user])).rows[0]?.balance;
  const sqlState = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: { code?: string }) => e.code,
    );

  it('creates a wallet on its first credit and records each balance after', async () => {
    const user = randomUUID();
    const leg = await post({ code: 'TEST_FUNDING' }, { user }, 5000);
    expect(leg.o_credit_balance).toBe('5000');
    expect(leg.o_debit_balance).toBe('-5000');
    expect(await balance(user)).toBe('5000');
    const { rows } = await db.query(`SELECT debit_balance_after, credit_balance_after, amount FROM transfers WHERE id = $1`, [leg.id]);
    expect(rows[0]).toEqual({ debit_balance_after: '-5000', credit_balance_after: '5000', amount: '5000' });
  });

  it('never lets a wallet below zero: the debit is refused (PY001) and a direct write breaks the CHECK', async () => {
    const user = randomUUID();
    await post({ code: 'TEST_FUNDING' }, { user }, 1000);
    expect(await sqlState(post({ user }, { code: 'SINK' }, 1001))).toBe('PY001');
    expect(await sqlState(post({ user: randomUUID() }, { code: 'SINK' }, 1))).toBe('PY001');
    expect(await balance(user)).toBe('1000');
    expect(await sqlState(db.query(`UPDATE accounts SET balance = -1 WHERE user_id = $1`, [user]))).toBe('23514');
    expect(await sqlState(post({ code: 'TEST_FUNDING' }, { user }, 0))).toBe('23514');
  });

  it('refuses to change or remove a posted transfer', async () => {
    const leg = await post({ code: 'TEST_FUNDING' }, { user: randomUUID() }, 700);
    expect(await sqlState(db.query(`UPDATE transfers SET amount = 1 WHERE id = $1`, [leg.id]))).toBe('23001');
    expect(await sqlState(db.query(`DELETE FROM transfers WHERE id = $1`, [leg.id]))).toBe('23001');
    expect(await sqlState(db.query(`TRUNCATE transfers CASCADE`))).toBe('23001');
    expect((await db.query(`SELECT amount FROM transfers WHERE id = $1`, [leg.id])).rows[0].amount).toBe('700');
  });

  it('commits linked transfers together or not at all', async () => {
    const a = randomUUID();
    const b = randomUUID();
    await post({ code: 'TEST_FUNDING' }, { user: a }, 3000);
    const batch = randomUUID();
    await db.query('BEGIN');
    await post({ user: a }, { user: b }, 2000, batch);
    const second = await sqlState(post({ user: a }, { code: 'FEES' }, 1500, batch));
    await db.query('ROLLBACK');
    expect(second).toBe('PY001');
    expect(await balance(a)).toBe('3000');
    expect(await balance(b)).toBeUndefined();
    expect((await db.query(`SELECT count(*)::int AS n FROM transfers WHERE batch_id = $1`, [batch])).rows[0].n).toBe(0);

    await db.query('BEGIN');
    await post({ user: a }, { user: b }, 2000, batch);
    await post({ user: a }, { code: 'FEES' }, 1000, batch);
    await db.query('COMMIT');
    expect([await balance(a), await balance(b)]).toEqual(['0', '2000']);
    expect((await db.query(`SELECT count(*)::int AS n FROM transfers WHERE batch_id = $1`, [batch])).rows[0].n).toBe(2);
  });

  it('corrects a transfer with a new, reversing one', async () => {
    const user = randomUUID();
    const wrong = await post({ code: 'TEST_FUNDING' }, { user }, 900);
    await post({ user }, { code: 'TEST_FUNDING' }, 900, undefined, wrong.id);
    expect(await balance(user)).toBe('0');
    expect((await db.query(`SELECT count(*)::int AS n FROM transfers WHERE reverses_id = $1`, [wrong.id])).rows[0].n).toBe(1);
  });

  it('never deadlocks when transfers cross between the same wallets in both directions', async () => {
    const users = [randomUUID(), randomUUID()];
    for (const user of users) await post({ code: 'TEST_FUNDING' }, { user }, 100_000);
    const clients = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const c = new Client({ connectionString: platform.databaseUrl, options: '-c search_path=payments' });
        await c.connect();
        return c;
      }),
    );
    const states = await Promise.all(
      Array.from({ length: 120 }, (_, i) => {
        const c = clients[i % clients.length];
        const [from, to] = i % 2 ? users : [users[1], users[0]];
        return c
          .query(`SELECT * FROM post_transfer($1, $1, 'REFUND', NULL, $2, 100, $3, NULL, 0, $4, NULL, 0)`, [
            randomUUID(),
            tracking(),
            from,
            to,
          ])
          .then(
            () => 'ok',
            (e: { code?: string }) => e.code,
          );
      }),
    );
    await Promise.all(clients.map((c) => c.end()));
    expect(states.filter((s) => s !== 'ok')).toEqual([]);
    expect(Number(await balance(users[0])) + Number(await balance(users[1]))).toBe(200_000);
  });

  it('verifies: balances are their transfers, sum to zero, and chain; runLedgerVerify exits 0', async () => {
    const report = await verifyLedger(platform.databaseUrl);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.transfers).toBeGreaterThan(10);
    expect(report.platform.TEST_FUNDING).toMatch(/^-\d+$/);
    const lines: string[] = [];
    const out = { log: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
    expect(await runLedgerVerify(platform.databaseUrl, out)).toBe(0);
    expect(lines.at(-1)).toBe('the ledger verifies');
    expect(await runLedgerVerify('', out)).toBe(2);
    expect(lines.at(-1)).toMatch(/set DATABASE_URL/);
  });

  it('catches a balance changed outside the ledger', async () => {
    const user = randomUUID();
    await post({ code: 'TEST_FUNDING' }, { user }, 1000);
    await db.query(`UPDATE accounts SET balance = balance + 1 WHERE user_id = $1`, [user]);
    const report = await verifyLedger(platform.databaseUrl);
    expect(report.ok).toBe(false);
    expect(report.problems.some((p) => p.startsWith('balance differs from its transfers') && p.includes('"recomputed":"1000"'))).toBe(true);
    expect(report.problems.some((p) => p.startsWith('debits and credits differ: all balances sum to 1'))).toBe(true);
    const lines: string[] = [];
    expect(await runLedgerVerify(platform.databaseUrl, { log: (m) => lines.push(m), error: (m) => lines.push(m) })).toBe(1);
    expect(lines.at(-1)).toMatch(/does NOT verify/);
    await db.query(`UPDATE accounts SET balance = balance - 1 WHERE user_id = $1`, [user]);
    expect((await verifyLedger(platform.databaseUrl)).ok).toBe(true);
  });

  it('catches a transfer whose recorded balance does not follow the one before (runs last: posted rows stay)', async () => {
    const user = randomUUID();
    const leg = await post({ code: 'TEST_FUNDING' }, { user }, 1000);
    const wallet = leg.o_credit_account;
    const funding = leg.o_debit_account;
    await db.query(
      `INSERT INTO transfers (id, batch_id, kind, debit_account_id, credit_account_id, amount, debit_balance_after, credit_balance_after, tracking_code)
      VALUES ($1, $1, 'REFUND', $2, $3, 10, 0, 5, $4)`,
      [randomUUID(), funding, wallet, tracking()],
    );
    const report = await verifyLedger(platform.databaseUrl);
    expect(report.ok).toBe(false);
    expect(report.problems.some((p) => p.startsWith('balance-after chain broken'))).toBe(true);
    expect(report.problems.some((p) => p.startsWith('balance differs from its transfers'))).toBe(true);
  });
});
