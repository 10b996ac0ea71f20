import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The double-entry ledger and the business records around it. Amounts are
 * bigint rials. An account's balance is its credits minus its debits, so the
 * balances of all accounts always sum to zero; wallets may never go below
 * zero (a conditional debit, with a CHECK behind it).
 */
export class CreateLedger1764400000000 implements MigrationInterface {
  name = 'CreateLedger1764400000000';

  async up(q: QueryRunner): Promise<void> {
    // A wallet per user; platform accounts by code (GATEWAY_CLEARING:<bank>,
    // BILL_PAYABLE:<type>), each spread over shards so no single row is hot.
    // Half-empty pages let a balance update stay on its page (a HOT update:
    // no index is written), which is every money movement.
    await q.query(`
      CREATE TABLE accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('WALLET', 'PLATFORM')),
        user_id uuid UNIQUE,
        code text,
        shard int NOT NULL DEFAULT 0,
        balance bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT accounts_wallet_owner CHECK ((kind = 'WALLET') = (user_id IS NOT NULL)),
        CONSTRAINT accounts_platform_code CHECK ((kind = 'PLATFORM') = (code IS NOT NULL)),
        CONSTRAINT accounts_wallet_not_negative CHECK (kind <> 'WALLET' OR balance >= 0),
        UNIQUE (code, shard)
      ) WITH (fillfactor = 50)`);

    // Posted transfers never change: corrections are new transfers. seq is
    // taken while both accounts' rows are locked, so per account it runs in
    // the order the balances changed (balance_after forms a chain).
    await q.query(`
      CREATE TABLE transfers (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        batch_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('TOP_UP', 'TRANSFER', 'BILL_PAYMENT', 'REFUND')),
        debit_account_id uuid NOT NULL REFERENCES accounts(id),
        credit_account_id uuid NOT NULL REFERENCES accounts(id),
        amount bigint NOT NULL CHECK (amount > 0),
        debit_balance_after bigint NOT NULL,
        credit_balance_after bigint NOT NULL,
        ref_id uuid,
        reverses_id uuid REFERENCES transfers(id),
        tracking_code text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (debit_account_id <> credit_account_id)
      )`);
    await q.query(`CREATE INDEX transfers_debit ON transfers (debit_account_id, seq)`);
    await q.query(`CREATE INDEX transfers_credit ON transfers (credit_account_id, seq)`);
    await q.query(`
      CREATE FUNCTION transfers_are_immutable() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        RAISE EXCEPTION 'posted transfers are immutable: post a correcting transfer instead' USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`CREATE TRIGGER transfers_no_update BEFORE UPDATE OR DELETE ON transfers FOR EACH ROW EXECUTE FUNCTION transfers_are_immutable()`);
    await q.query(`CREATE TRIGGER transfers_no_truncate BEFORE TRUNCATE ON transfers FOR EACH STATEMENT EXECUTE FUNCTION transfers_are_immutable()`);

    // The first answer to a key: which record it created, under a hash of the arguments.
    await q.query(`
      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL,
        key text NOT NULL,
        operation text NOT NULL,
        args_hash text NOT NULL,
        ref_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_age ON idempotency_keys USING brin (created_at)`);

    await q.query(`
      CREATE TABLE payment_transfers (
        id uuid PRIMARY KEY,
        from_user_id uuid NOT NULL,
        to_user_id uuid NOT NULL,
        amount bigint NOT NULL CHECK (amount > 0),
        note text,
        conversation_id uuid,
        created_at timestamptz NOT NULL
      )`);

    await q.query(`
      CREATE TABLE bill_payments (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        user_id uuid NOT NULL,
        bill_id text NOT NULL,
        payment_id text NOT NULL,
        bill_type text NOT NULL,
        company_code text NOT NULL,
        amount bigint NOT NULL CHECK (amount > 0),
        tracking_code text NOT NULL,
        conversation_id uuid,
        paid_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A bill is paid once, whoever pays it and however often it is retried.
    await q.query(`CREATE UNIQUE INDEX bill_payments_once ON bill_payments (bill_id, payment_id)`);
    await q.query(`CREATE INDEX bill_payments_user ON bill_payments (user_id, seq)`);

    // Terminal states never change: every move is a compare-and-set from PENDING.
    await q.query(`
      CREATE TABLE top_ups (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        amount bigint NOT NULL CHECK (amount > 0),
        gateway text NOT NULL,
        authority text NOT NULL,
        payment_url text NOT NULL,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED', 'EXPIRED')),
        bank_reference text,
        card_pan text,
        failure_reason text,
        transfer_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        UNIQUE (gateway, authority)
      )`);
    await q.query(`CREATE INDEX top_ups_pending ON top_ups (created_at) WHERE status = 'PENDING'`);
    await q.query(`CREATE INDEX top_ups_user ON top_ups (user_id, created_at)`);

    // The sandbox bank's own books (development only): what a real bank keeps on its side.
    await q.query(`
      CREATE TABLE sandbox_sessions (
        authority text PRIMARY KEY,
        amount bigint NOT NULL,
        description text NOT NULL,
        callback_url text NOT NULL,
        state text NOT NULL DEFAULT 'OPEN' CHECK (state IN ('OPEN', 'PAID', 'CANCELLED', 'VERIFIED', 'REVERSED')),
        ref_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz
      )`);

    // Events written in the same transaction as the money; a relay publishes them to JetStream.
    await q.query(`
      CREATE TABLE outbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id text NOT NULL UNIQUE,
        subject text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL`);

    await q.query(`
      CREATE TABLE transfer_daily_totals (
        user_id uuid NOT NULL,
        day date NOT NULL,
        total bigint NOT NULL,
        PRIMARY KEY (user_id, day)
      )`);

    // Jobs that must run in one copy at a time hold a lease that outlives no crash for long.
    await q.query(`
      CREATE TABLE job_leases (
        name text PRIMARY KEY,
        owner text NOT NULL,
        lease_until timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE job_leases, transfer_daily_totals, outbox, sandbox_sessions, top_ups, bill_payments,
      payment_transfers, idempotency_keys, transfers, accounts`);
    await q.query(`DROP FUNCTION transfers_are_immutable()`);
  }
}
