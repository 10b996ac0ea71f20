import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who has a live connection, per gateway copy: a row while a user has a
 * socket open on that copy, renewed by the copy's reports and ignored once
 * expired (a copy that died stops renewing).
 */
export class CreatePresence1765500000000 implements MigrationInterface {
  name = 'CreatePresence1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE presence (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        gateway_id uuid NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, gateway_id)
      )`);
    await q.query(`CREATE INDEX presence_expires_at ON presence (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE presence`);
  }
}
