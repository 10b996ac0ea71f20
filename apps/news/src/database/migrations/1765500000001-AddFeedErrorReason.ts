import { MigrationInterface, QueryRunner } from 'typeorm';

/** Why a feed's last fetch failed, as a code beside the English sentence (clients word it in their language). */
export class AddFeedErrorReason1765500000001 implements MigrationInterface {
  name = 'AddFeedErrorReason1765500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE feed_sources ADD COLUMN last_error_reason text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE feed_sources DROP COLUMN last_error_reason`);
  }
}
