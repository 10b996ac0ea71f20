import { MigrationInterface, QueryRunner } from 'typeorm';
import { readSqlFile } from '@app/common';
import { CreateMessaging1764380000001 } from './1764380000001-CreateMessaging';

/**
 * The database functions, in the order they call each other. Each file holds
 * a function's current body (CREATE OR REPLACE), so a later change to one is
 * a new migration that loads its file again.
 */
export const MESSAGING_FUNCTIONS = ['lock_streams', 'fan_out', 'post_message', 'post_messages', 'mark_read'] as const;

/**
 * Loads the functions from src/database/functions/ (written inside migration
 * 1764380000002 until now; their bodies and signatures are unchanged, so no
 * old signature needs dropping), and drops processed_events: created by
 * 1764380000001 for consumers to record the events they applied, it was never
 * used (the payments consumer is idempotent through the messages' clientId
 * index instead).
 */
export class LoadFunctionFiles1764380000005 implements MigrationInterface {
  name = 'LoadFunctionFiles1764380000005';

  async up(q: QueryRunner): Promise<void> {
    for (const name of MESSAGING_FUNCTIONS) await q.query(readSqlFile(__dirname, `../functions/${name}.sql`));
    await q.query(`DROP TABLE processed_events`);
  }

  /**
   * The released migration that created processed_events (and nothing else)
   * creates it again. The functions stay: 1764380000002 created the same
   * ones, and its down() drops them.
   */
  async down(q: QueryRunner): Promise<void> {
    await new CreateMessaging1764380000001().up(q);
  }
}
