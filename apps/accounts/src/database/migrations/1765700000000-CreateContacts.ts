import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Uploaded address books, keeping only what finding people needs: the owner,
 * the number normalized to E.164 and the name the owner gave it. And each
 * user's "who can find me by my number".
 */
export class CreateContacts1765700000000 implements MigrationInterface {
  name = 'CreateContacts1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN find_by_phone text NOT NULL DEFAULT 'EVERYONE'
      CHECK (find_by_phone IN ('EVERYONE', 'CONTACTS', 'NOBODY'))`);
    await q.query(`
      CREATE TABLE contacts (
        owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        phone text NOT NULL,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (owner_id, phone)
      )`);
    // "Does the person I look up have me in their contacts?" (privacy CONTACTS).
    await q.query(`CREATE INDEX contacts_by_phone ON contacts (phone, owner_id)`);
    await q.query(`CREATE INDEX contacts_by_name ON contacts (owner_id, name, phone)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE contacts`);
    await q.query(`ALTER TABLE users DROP COLUMN find_by_phone`);
  }
}
