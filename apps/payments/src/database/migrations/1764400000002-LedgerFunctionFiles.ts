import { MigrationInterface, QueryRunner } from 'typeorm';
import { readSqlFile } from '@app/common';
import { CreatePayments1764380000001 } from './1764380000001-CreatePayments';
import { LedgerFunctions1764400000001 } from './1764400000001-LedgerFunctions';

/**
 * The ledger's functions now live one per file in database/functions/, each
 * with its TypeScript wrapper; this loads them. transfer_money and pay_bill
 * take the outbox subject as a parameter (it was a literal in SQL), so their
 * old signatures go first. A later migration that changes a function loads
 * its file again. Also drops processed_events, which nothing ever wrote or read.
 */
export class LedgerFunctionFiles1764400000002 implements MigrationInterface {
  name = 'LedgerFunctionFiles1764400000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS transfer_money(uuid, uuid, uuid, bigint, text, uuid, text, text, text, bigint, jsonb)`);
    await q.query(`DROP FUNCTION IF EXISTS pay_bill(uuid, uuid, text, text, text, text, text, text, bigint, text, int, uuid, jsonb)`);
    for (const name of LEDGER_FUNCTIONS) await q.query(readSqlFile(__dirname, `../functions/${name}.sql`));
    await q.query(`DROP TABLE processed_events`);
  }

  /**
   * Back to the functions as LedgerFunctions1764400000001 released them
   * (transfers_are_immutable did not change), and processed_events as the
   * released migration that created it (and nothing else) creates it.
   */
  async down(q: QueryRunner): Promise<void> {
    await new CreatePayments1764380000001().up(q);
    await q.query(`DROP FUNCTION transfer_money(uuid, uuid, uuid, bigint, text, uuid, text, text, text, bigint, text, jsonb)`);
    await q.query(`DROP FUNCTION pay_bill(uuid, uuid, text, text, text, text, text, text, bigint, text, int, uuid, text, jsonb)`);
    await q.query(`DROP FUNCTION settle_top_up, claim_idempotency_key, post_transfer`);
    await new LedgerFunctions1764400000001().up(q);
  }
}

/** Every function file of the service, in an order that reads top-down (PL/pgSQL resolves names when it runs). */
export const LEDGER_FUNCTIONS = [
  'transfers_are_immutable',
  'post_transfer',
  'claim_idempotency_key',
  'transfer_money',
  'pay_bill',
  'settle_top_up',
] as const;
