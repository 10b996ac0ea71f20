import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invite links, requests to join that wait for an admin, and public groups
 * (a handle anyone can find and join by).
 */
export class InviteLinks1765700000001 implements MigrationInterface {
  name = 'InviteLinks1765700000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE conversations ADD COLUMN handle text`);
    await q.query(`CREATE UNIQUE INDEX conversations_handle ON conversations (lower(handle)) WHERE handle IS NOT NULL`);
    await q.query(`
      CREATE TABLE invite_links (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        conversation_id uuid NOT NULL REFERENCES conversations (id),
        token text NOT NULL UNIQUE,
        creator_id uuid NOT NULL,
        idempotency_key text NOT NULL,
        name text,
        expires_at timestamptz,
        usage_limit integer CHECK (usage_limit > 0),
        use_count integer NOT NULL DEFAULT 0,
        requires_approval boolean NOT NULL DEFAULT false,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (creator_id, idempotency_key),
        CHECK (NOT (requires_approval AND usage_limit IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX invite_links_by_conversation ON invite_links (conversation_id, created_at DESC, id)`);
    await q.query(`
      CREATE TABLE join_requests (
        conversation_id uuid NOT NULL REFERENCES conversations (id),
        user_id uuid NOT NULL,
        link_id uuid REFERENCES invite_links (id),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (conversation_id, user_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE join_requests, invite_links`);
    await q.query(`ALTER TABLE conversations DROP COLUMN handle`);
  }
}
