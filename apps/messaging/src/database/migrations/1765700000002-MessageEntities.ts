import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mentions in message texts: @username (found by the service) and mentions
 * chosen in a picker. Offsets and lengths in UTF-16 code units of the stored
 * text. seq and conversation_id are copied so that "messages mentioning me
 * above my read marker" is one index range. messages is partitioned by
 * conversation (its key is (conversation_id, id)), hence the two-column key.
 */
export class MessageEntities1765700000002 implements MigrationInterface {
  name = 'MessageEntities1765700000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE message_entities (
        message_id uuid NOT NULL,
        conversation_id uuid NOT NULL,
        seq integer NOT NULL,
        kind text NOT NULL CHECK (kind IN ('MENTION', 'TEXT_MENTION')),
        "offset" integer NOT NULL CHECK ("offset" >= 0),
        length integer NOT NULL CHECK (length > 0),
        user_id uuid NOT NULL,
        PRIMARY KEY (message_id, "offset"),
        FOREIGN KEY (conversation_id, message_id) REFERENCES messages (conversation_id, id)
      )`);
    await q.query(`CREATE INDEX message_entities_mentions ON message_entities (user_id, conversation_id, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE message_entities`);
  }
}
