import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Group admin tools: slow mode (one message per member per interval),
 * members restricted from sending (until a time, or for good), and reports of
 * messages and users kept for an operator (scripts/reports.mjs).
 */
export class GroupModeration1765700000003 implements MigrationInterface {
  name = 'GroupModeration1765700000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE conversations ADD COLUMN slow_mode_seconds integer NOT NULL DEFAULT 0 CHECK (slow_mode_seconds >= 0)`);
    await q.query(`ALTER TABLE members ADD COLUMN restricted_until timestamptz, ADD COLUMN slow_mode_sent_at timestamptz`);
    await q.query(`
      CREATE TABLE reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reporter_id uuid NOT NULL,
        idempotency_key text NOT NULL,
        conversation_id uuid REFERENCES conversations (id),
        message_id uuid,
        reported_user_id uuid,
        reason text NOT NULL CHECK (reason IN ('SPAM', 'VIOLENCE', 'PORNOGRAPHY', 'CHILD_ABUSE', 'ILLEGAL', 'PERSONAL_DATA', 'OTHER')),
        comment text,
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'RESOLVED', 'DISMISSED')),
        resolution text,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        decided_at timestamptz,
        UNIQUE (reporter_id, idempotency_key),
        CHECK (message_id IS NOT NULL OR reported_user_id IS NOT NULL),
        FOREIGN KEY (conversation_id, message_id) REFERENCES messages (conversation_id, id)
      )`);
    await q.query(`CREATE INDEX reports_open ON reports (created_at) WHERE status = 'OPEN'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reports`);
    await q.query(`ALTER TABLE members DROP COLUMN restricted_until, DROP COLUMN slow_mode_sent_at`);
    await q.query(`ALTER TABLE conversations DROP COLUMN slow_mode_seconds`);
  }
}
