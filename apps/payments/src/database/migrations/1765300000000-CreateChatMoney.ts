import { MigrationInterface, QueryRunner } from 'typeorm';
import { readSqlFile } from '@app/common';

/** The function files of money in chats, in the order they call each other. */
export const CHAT_MONEY_FUNCTIONS = [
  'chat_money_event',
  'create_money_request',
  'pay_money_request',
  'close_money_request',
  'create_bill_split',
  'close_bill_split',
  'cancel_bill_split',
  'pay_bill_share',
] as const;

const NEW_KINDS = ['BILL_SHARE', 'BILL_SHARE_RETURNED'];

/**
 * Money requests and split bills (contract v2, ChatMoney). A split holds the
 * shares paid in on its own platform account, BILL_SPLIT:<split id>, until
 * the bill is paid from it or every share goes back. The transfer kinds are
 * widened by reading the check's current list, so other migrations that add
 * kinds (whichever runs first) keep theirs.
 */
export class CreateChatMoney1765300000000 implements MigrationInterface {
  name = 'CreateChatMoney1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE money_requests (
        id uuid PRIMARY KEY,
        conversation_id uuid NOT NULL,
        requester_id uuid NOT NULL,
        payer_id uuid,
        amount bigint NOT NULL CHECK (amount > 0),
        note text,
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'PAID', 'DECLINED', 'CANCELLED')),
        paid_by uuid,
        transfer_id uuid,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        CHECK ((status = 'PAID') = (transfer_id IS NOT NULL AND paid_by IS NOT NULL)),
        CHECK ((status = 'OPEN') = (closed_at IS NULL))
      )`);
    await q.query(`
      CREATE TABLE bill_splits (
        id uuid PRIMARY KEY,
        conversation_id uuid NOT NULL,
        created_by uuid NOT NULL,
        bill_id text NOT NULL,
        payment_id text NOT NULL,
        bill_type text NOT NULL,
        company_code text NOT NULL,
        amount bigint NOT NULL CHECK (amount > 0),
        status text NOT NULL DEFAULT 'COLLECTING' CHECK (status IN ('COLLECTING', 'PAID', 'CANCELLED')),
        close_reason text CHECK (close_reason IN ('CANCELLED', 'EXPIRED', 'PAID_ELSEWHERE')),
        bill_payment_id uuid,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        closed_at timestamptz,
        CHECK ((status = 'PAID') = (bill_payment_id IS NOT NULL)),
        CHECK ((status = 'COLLECTING') = (closed_at IS NULL)),
        CHECK ((status = 'CANCELLED') = (close_reason IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX bill_splits_expiry ON bill_splits (expires_at) WHERE status = 'COLLECTING'`);
    await q.query(`CREATE INDEX bill_splits_bill ON bill_splits (bill_id, payment_id) WHERE status = 'COLLECTING'`);
    await q.query(`
      CREATE TABLE bill_shares (
        split_id uuid NOT NULL REFERENCES bill_splits(id),
        user_id uuid NOT NULL,
        position int NOT NULL,
        amount bigint NOT NULL CHECK (amount > 0),
        paid_at timestamptz,
        transfer_id uuid,
        returned_transfer_id uuid,
        PRIMARY KEY (split_id, user_id),
        CHECK ((paid_at IS NULL) = (transfer_id IS NULL)),
        CHECK (returned_transfer_id IS NULL OR transfer_id IS NOT NULL)
      )`);
    // A bill paid from a split is debited from the split's account, not a wallet.
    await q.query(`ALTER TABLE bill_payments ADD COLUMN split_id uuid`);
    await setTransferKinds(q, (kinds) => [...new Set([...kinds, ...NEW_KINDS])]);
    for (const name of CHAT_MONEY_FUNCTIONS) await q.query(readSqlFile(__dirname, `../functions/${name}.sql`));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION pay_bill_share, cancel_bill_split, close_bill_split, create_bill_split,
      close_money_request, pay_money_request, create_money_request, chat_money_event`);
    await setTransferKinds(q, (kinds) => kinds.filter((k) => !NEW_KINDS.includes(k)));
    await q.query(`ALTER TABLE bill_payments DROP COLUMN split_id`);
    await q.query(`DROP TABLE bill_shares, bill_splits, money_requests`);
  }
}

/** Rewrites the transfers' kind check from its current list of kinds. */
async function setTransferKinds(q: QueryRunner, change: (kinds: string[]) => string[]): Promise<void> {
  const rows: Array<{ def: string }> = await q.query(
    `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'transfers'::regclass AND conname = 'transfers_kind_check'`,
  );
  const current = [...(rows[0]?.def ?? '').matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]);
  const kinds = change(current);
  await q.query(`ALTER TABLE transfers DROP CONSTRAINT IF EXISTS transfers_kind_check`);
  await q.query(`ALTER TABLE transfers ADD CONSTRAINT transfers_kind_check CHECK (kind IN (${kinds.map((k) => `'${k}'`).join(', ')}))`);
}
