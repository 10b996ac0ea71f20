import { MigrationInterface, QueryRunner } from 'typeorm';

const NEW_KINDS = ['MONEY_REQUEST', 'BILL_SPLIT'];

/**
 * MONEY_REQUEST and BILL_SPLIT messages (contract v2, ChatMoney). ref_version
 * is the version of the payments record the message last announced, so a
 * redelivered or late state-change event appends no second MessageEdited.
 * The kinds are widened from the check's current list, so a migration that
 * adds other kinds (whichever runs first) keeps them.
 */
export class ChatMoneyMessages1765300000000 implements MigrationInterface {
  name = 'ChatMoneyMessages1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await setMessageKinds(q, (kinds) => [...new Set([...kinds, ...NEW_KINDS])]);
    await q.query(`ALTER TABLE messages ADD COLUMN ref_version integer NOT NULL DEFAULT 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE messages DROP COLUMN ref_version`);
    await setMessageKinds(q, (kinds) => kinds.filter((k) => !NEW_KINDS.includes(k)));
  }
}

/** Rewrites the messages' kind check from its current list of kinds. */
async function setMessageKinds(q: QueryRunner, change: (kinds: string[]) => string[]): Promise<void> {
  const rows: Array<{ def: string }> = await q.query(
    `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'messages'::regclass AND conname = 'messages_kind_check'`,
  );
  const current = [...(rows[0]?.def ?? '').matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]);
  const kinds = change(current);
  await q.query(`ALTER TABLE messages DROP CONSTRAINT IF EXISTS messages_kind_check`);
  await q.query(`ALTER TABLE messages ADD CONSTRAINT messages_kind_check CHECK (kind IN (${kinds.map((k) => `'${k}'`).join(', ')}))`);
}
