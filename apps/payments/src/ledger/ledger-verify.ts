import 'reflect-metadata';
import { Client } from 'pg';
import { loadEnv } from '@app/common';
import { PaymentsEnv } from '../config/payments.env';
import { PAYOUT_CHECKS } from '../payouts/payout-ledger-checks';
import { CHAT_MONEY_CHECKS } from '../chat-money/chat-money.ledger-checks';

/**
 * The ledger's invariants, recomputed from the transfers alone, in one
 * consistent snapshot (REPEATABLE READ), so it can run while money moves:
 *  1. every account's balance is its credits minus its debits;
 *  2. debits equal credits: all balances sum to zero;
 *  3. each account's recorded balance-after values form an unbroken chain;
 *  4. no wallet is, or ever was, below zero;
 *  5. every top-up, transfer and bill payment has exactly its ledger entry;
 *  6. every payout has the entries its status says (payouts/payout-ledger-checks.ts).
 *  7. every bill split's account holds exactly its shares paid in and not returned, and money requests match their payments.
 */
export interface LedgerReport {
  ok: boolean;
  problems: string[];
  accounts: number;
  transfers: number;
  /** Rials moved by all transfers: each is one debit and one credit of this amount. */
  totalMoved: string;
  walletsTotal: string;
  /** Platform accounts, their shards added up (bill splits' accounts as one, BILL_SPLIT). */
  platform: Record<string, string>;
}

type Check = [name: string, sql: string];

const CHECKS: Check[] = [
  [
    'balance differs from its transfers',
    `
    WITH moves AS (
      SELECT debit_account_id AS account_id, -amount AS delta FROM transfers
      UNION ALL SELECT credit_account_id, amount FROM transfers),
    sums AS (SELECT account_id, sum(delta) AS total FROM moves GROUP BY account_id)
    SELECT a.id, coalesce(a.code, 'wallet of ' || a.user_id) AS account, a.balance, coalesce(s.total, 0) AS recomputed
      FROM accounts a LEFT JOIN sums s ON s.account_id = a.id
     WHERE a.balance <> coalesce(s.total, 0)`,
  ],
  [
    'transfer names an account that does not exist',
    `
    SELECT t.id FROM transfers t
     WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = t.debit_account_id)
        OR NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = t.credit_account_id)`,
  ],
  [
    'balance-after chain broken',
    `
    WITH legs AS (
      SELECT debit_account_id AS account_id, seq, -amount AS delta, debit_balance_after AS after FROM transfers
      UNION ALL SELECT credit_account_id, seq, amount, credit_balance_after FROM transfers),
    chained AS (SELECT account_id, seq, delta, after, lag(after, 1, 0::bigint) OVER (PARTITION BY account_id ORDER BY seq) AS before FROM legs)
    SELECT account_id, seq, before, delta, after FROM chained WHERE before + delta <> after`,
  ],
  [
    'wallet below zero',
    `
    SELECT a.id, a.user_id, a.balance FROM accounts a WHERE a.kind = 'WALLET' AND a.balance < 0
    UNION ALL
    SELECT a.id, a.user_id, t.debit_balance_after FROM transfers t JOIN accounts a ON a.id = t.debit_account_id
     WHERE a.kind = 'WALLET' AND t.debit_balance_after < 0`,
  ],
  [
    'top-up and its credit disagree',
    `
    SELECT tu.id, tu.status, count(t.id) AS credits FROM top_ups tu
      LEFT JOIN transfers t ON t.kind = 'TOP_UP' AND t.ref_id = tu.id
      LEFT JOIN accounts a ON a.id = t.credit_account_id
     GROUP BY tu.id, tu.status, tu.amount, tu.user_id, tu.transfer_id
    HAVING (tu.status = 'SUCCEEDED') <> (count(t.id) = 1) OR count(t.id) > 1
        OR bool_or(t.amount <> tu.amount OR a.user_id <> tu.user_id OR t.id <> tu.transfer_id)`,
  ],
  [
    'TOP_UP transfer without its top-up',
    `
    SELECT t.id FROM transfers t WHERE t.kind = 'TOP_UP' AND NOT EXISTS (SELECT 1 FROM top_ups tu WHERE tu.id = t.ref_id)`,
  ],
  [
    'bill payment and its debit disagree',
    `
    SELECT bp.id FROM bill_payments bp
      LEFT JOIN transfers t ON t.id = bp.id AND t.kind = 'BILL_PAYMENT'
      LEFT JOIN accounts a ON a.id = t.debit_account_id
      LEFT JOIN accounts p ON p.id = t.credit_account_id
     WHERE t.id IS NULL OR t.amount <> bp.amount
        OR (bp.split_id IS NULL AND a.user_id IS DISTINCT FROM bp.user_id)
        OR (bp.split_id IS NOT NULL AND a.code IS DISTINCT FROM 'BILL_SPLIT:' || bp.split_id)
        OR p.code IS DISTINCT FROM 'BILL_PAYABLE:' || bp.bill_type OR t.tracking_code <> bp.tracking_code`,
  ],
  [
    'BILL_PAYMENT transfer without its bill payment',
    `
    SELECT t.id FROM transfers t WHERE t.kind = 'BILL_PAYMENT' AND NOT EXISTS (SELECT 1 FROM bill_payments bp WHERE bp.id = t.ref_id)`,
  ],
  [
    'transfer record and its ledger entry disagree',
    `
    SELECT pt.id FROM payment_transfers pt
      LEFT JOIN transfers t ON t.id = pt.id AND t.kind = 'TRANSFER'
      LEFT JOIN accounts f ON f.id = t.debit_account_id
      LEFT JOIN accounts r ON r.id = t.credit_account_id
     WHERE t.id IS NULL OR t.amount <> pt.amount
        OR f.user_id IS DISTINCT FROM pt.from_user_id OR r.user_id IS DISTINCT FROM pt.to_user_id`,
  ],
  [
    'TRANSFER without its transfer record',
    `
    SELECT t.id FROM transfers t WHERE t.kind = 'TRANSFER' AND NOT EXISTS (SELECT 1 FROM payment_transfers pt WHERE pt.id = t.ref_id)`,
  ],
  ['tracking code is not 12 digits', `SELECT id, tracking_code FROM transfers WHERE tracking_code !~ '^[0-9]{12}$'`],
  ...PAYOUT_CHECKS,
  ...CHAT_MONEY_CHECKS,
];

/** Runs every check against a database holding the payments schema. */
export async function verifyLedger(databaseUrl: string, schema = 'payments'): Promise<LedgerReport> {
  const client = new Client({ connectionString: databaseUrl, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const problems: string[] = [];
    for (const [name, sql] of CHECKS) {
      const { rows } = await client.query(`${sql} LIMIT 20`);
      for (const row of rows) problems.push(`${name}: ${JSON.stringify(row)}`);
    }
    const totals = (
      await client.query(`
      SELECT (SELECT count(*) FROM accounts) AS accounts, count(*) AS transfers,
             coalesce(sum(amount), 0) AS moved,
             (SELECT coalesce(sum(balance), 0) FROM accounts) AS all_balances,
             (SELECT coalesce(sum(balance), 0) FROM accounts WHERE kind = 'WALLET') AS wallets
        FROM transfers`)
    ).rows[0];
    if (totals.all_balances !== '0') problems.push(`debits and credits differ: all balances sum to ${totals.all_balances}, not 0`);
    const platform = (
      await client.query(`SELECT code, sum(balance) AS balance FROM (
        SELECT CASE WHEN code LIKE 'BILL_SPLIT:%' THEN 'BILL_SPLIT' ELSE code END AS code, balance FROM accounts WHERE kind = 'PLATFORM'
      ) p GROUP BY code ORDER BY code`)
    ).rows;
    await client.query('COMMIT');
    return {
      ok: problems.length === 0,
      problems,
      accounts: Number(totals.accounts),
      transfers: Number(totals.transfers),
      totalMoved: totals.moved,
      walletsTotal: totals.wallets,
      platform: Object.fromEntries(platform.map((r) => [r.code, r.balance])),
    };
  } finally {
    await client.end();
  }
}

/** The command line: prints the report; 0 when the ledger verifies, 1 when not, 2 when it could not run. */
export async function runLedgerVerify(databaseUrl: string, out: Pick<Console, 'log' | 'error'> = console): Promise<number> {
  if (!databaseUrl) {
    out.error(
      'ledger:verify needs the payments database: set DATABASE_URL (or PAYMENTS_DATABASE_URL), e.g.\n' +
        '  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run ledger:verify',
    );
    return 2;
  }
  let report: LedgerReport;
  try {
    report = await verifyLedger(databaseUrl);
  } catch (err) {
    out.error(`ledger:verify could not run: ${(err as Error).message}`);
    return 2;
  }
  out.log(`ledger: ${report.accounts} accounts, ${report.transfers} transfers, ${report.totalMoved} rials moved`);
  out.log(`wallets hold ${report.walletsTotal} rials; platform accounts: ${JSON.stringify(report.platform)}`);
  for (const problem of report.problems) out.error(`PROBLEM ${problem}`);
  out.log(report.ok ? 'the ledger verifies' : `${report.problems.length} problem(s): the ledger does NOT verify`);
  return report.ok ? 0 : 1;
}

if (require.main === module) {
  void runLedgerVerify(loadEnv(PaymentsEnv).databaseUrl('payments')).then((code) => process.exit(code));
}
