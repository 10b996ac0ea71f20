import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DatabaseEnv, dataSourceOptions, migrateSchema, queryRow } from '@app/common';
import { createTestDatabase } from '@test/support/database';
import { PAYMENTS_MIGRATIONS } from '../../src/app.module';
import { postTransfer } from '../../src/database/functions/post_transfer.function';
import { newTrackingCode } from '../../src/ledger/ids';

/** Helpers shared by the database function tests (not a test file itself): the payments schema alone, no NATS. */

export interface LedgerDatabase {
  ds: DataSource;
  /** The test database's URL (for ledger:verify). */
  url: string;
  close(): Promise<void>;
}

/** A fresh database with payments' migrations applied, as the service applies them at start. */
export async function openLedgerDatabase(): Promise<LedgerDatabase> {
  const db = await createTestDatabase();
  const env = Object.assign(new DatabaseEnv(), { DATABASE_URL: db.url, DB_POOL_SIZE: 4 });
  const ds = await new DataSource(dataSourceOptions(env, { schema: 'payments', migrations: PAYMENTS_MIGRATIONS })).initialize();
  try {
    await migrateSchema(ds, 'payments');
  } catch (err) {
    await ds.destroy();
    await db.drop();
    throw err;
  }
  return {
    ds,
    url: db.url,
    close: async () => {
      await ds.destroy();
      await db.drop();
    },
  };
}

/** A new user's wallet holding amount rials, credited from a test platform account. */
export async function fundedWallet(ds: DataSource, amount: bigint): Promise<string> {
  const userId = randomUUID();
  const id = randomUUID();
  await postTransfer(ds, {
    id,
    kind: 'REFUND',
    refId: null,
    trackingCode: newTrackingCode(),
    amount,
    debit: { code: 'TEST_FUNDING', shard: 0 },
    credit: { userId },
  });
  return userId;
}

export async function balanceOf(ds: DataSource, userId: string): Promise<string | undefined> {
  return (await queryRow<{ balance: string }>(ds, `SELECT balance FROM accounts WHERE user_id = $1`, [userId]))?.balance;
}

export async function count(ds: DataSource, table: string, where: string, params: unknown[]): Promise<number> {
  return (await queryRow<{ n: number }>(ds, `SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params))!.n;
}

/** The SQLSTATE a call failed with, or 'ok'. */
export function sqlState(call: Promise<unknown>): Promise<string | undefined> {
  return call.then(
    () => 'ok',
    (err: { code?: string }) => err.code,
  );
}
