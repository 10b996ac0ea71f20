import { MigrationInterface, QueryRunner } from 'typeorm';
import { readSqlFile } from '@app/common';

/** The payout functions' files (database/functions/), loaded by this migration. */
export const PAYOUT_FUNCTIONS = ['request_payout', 'settle_payout'] as const;

/** The transfer kinds payouts post: the wallet's hold, the bank's settlement (and fee), the money given back. */
const PAYOUT_KINDS = ['PAYOUT', 'PAYOUT_SETTLED', 'PAYOUT_RETURNED'];

/**
 * Payouts to the users' own bank accounts (Sheba). Money is held when a
 * payout is requested (wallet → PAYOUT_PENDING, one transfer) and then either
 * posted on to PAYOUT_SETTLEMENT / PAYOUT_FEES or returned to the wallet,
 * each in one transaction (database/functions/request_payout.sql,
 * settle_payout.sql).
 */
export class CreatePayouts1765200000000 implements MigrationInterface {
  name = 'CreatePayouts1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await addTransferKinds(q, PAYOUT_KINDS);
    // Removing an account hides it (removed_at); payouts made to it keep pointing at it.
    await q.query(`
      CREATE TABLE bank_accounts (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        user_id uuid NOT NULL,
        iban text NOT NULL CHECK (iban ~ '^IR[0-9]{24}$'),
        bank_code text NOT NULL,
        owner_name text,
        created_at timestamptz NOT NULL DEFAULT now(),
        removed_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX bank_accounts_once ON bank_accounts (user_id, iban) WHERE removed_at IS NULL`);

    // send_state: QUEUED (ours alone; may be cancelled) → SENDING (handed to the
    // provider, answer not yet known) → SENT (the provider has it). Once past
    // QUEUED a payout is only ever inquired, by its reference, never sent anew.
    await q.query(`
      CREATE TABLE payouts (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        user_id uuid NOT NULL,
        bank_account_id uuid NOT NULL REFERENCES bank_accounts(id),
        amount bigint NOT NULL CHECK (amount > 0),
        fee bigint NOT NULL CHECK (fee >= 0),
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
        provider text NOT NULL,
        reference text NOT NULL UNIQUE,
        shard int NOT NULL,
        send_state text NOT NULL DEFAULT 'QUEUED' CHECK (send_state IN ('QUEUED', 'SENDING', 'SENT')),
        send_after timestamptz NOT NULL,
        sent_at timestamptz,
        next_check_at timestamptz,
        checks int NOT NULL DEFAULT 0,
        tracking_code text NOT NULL,
        bank_reference text,
        failure_reason text,
        created_at timestamptz NOT NULL,
        completed_at timestamptz
      )`);
    await q.query(`CREATE INDEX payouts_user ON payouts (user_id, seq)`);
    await q.query(`CREATE INDEX payouts_to_send ON payouts (send_after) WHERE status = 'PENDING' AND send_state = 'QUEUED'`);
    await q.query(`CREATE INDEX payouts_to_check ON payouts (next_check_at) WHERE status = 'PENDING' AND send_state <> 'QUEUED'`);

    await q.query(`
      CREATE TABLE payout_daily_totals (
        user_id uuid NOT NULL,
        day date NOT NULL,
        total bigint NOT NULL CHECK (total >= 0),
        PRIMARY KEY (user_id, day)
      )`);

    // The sandbox payout provider's own books (development only): what a real provider keeps on its side.
    await q.query(`
      CREATE TABLE sandbox_payouts (
        reference text PRIMARY KEY,
        iban text NOT NULL,
        amount bigint NOT NULL,
        submissions int NOT NULL DEFAULT 1,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    for (const name of PAYOUT_FUNCTIONS) await q.query(readSqlFile(__dirname, `../functions/${name}.sql`));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION request_payout, settle_payout`);
    await q.query(`DROP TABLE sandbox_payouts, payout_daily_totals, payouts, bank_accounts`);
    await removeTransferKinds(q, PAYOUT_KINDS);
  }
}

/**
 * Widens the transfers.kind check by some kinds, keeping whatever kinds it
 * already allows (other features add theirs the same way, in any order).
 */
export async function addTransferKinds(q: QueryRunner, kinds: string[]): Promise<void> {
  const allowed = new Set([...(await transferKinds(q)), ...kinds]);
  await setTransferKinds(q, [...allowed]);
}

export async function removeTransferKinds(q: QueryRunner, kinds: string[]): Promise<void> {
  await setTransferKinds(
    q,
    (await transferKinds(q)).filter((k) => !kinds.includes(k)),
  );
}

async function transferKinds(q: QueryRunner): Promise<string[]> {
  const rows: Array<{ def: string }> = await q.query(
    `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'transfers'::regclass AND conname = 'transfers_kind_check'`,
  );
  return rows.length ? [...rows[0].def.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]) : [];
}

async function setTransferKinds(q: QueryRunner, kinds: string[]): Promise<void> {
  const list = kinds.map((k) => `'${k.replace(/[^A-Z_]/g, '')}'`).join(', ');
  await q.query(`ALTER TABLE transfers DROP CONSTRAINT IF EXISTS transfers_kind_check`);
  // NOT VALID, then VALIDATE: the check is proved without blocking writes to transfers meanwhile.
  await q.query(`ALTER TABLE transfers ADD CONSTRAINT transfers_kind_check CHECK (kind IN (${list})) NOT VALID`);
  await q.query(`ALTER TABLE transfers VALIDATE CONSTRAINT transfers_kind_check`);
}
