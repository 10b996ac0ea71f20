import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The media sent with a message, in album order. The media's bytes and
 * metadata are the media service's; this is only where they are attached,
 * so that who may see them follows who may see the message.
 */
export class CreateMessageMedia1765400000001 implements MigrationInterface {
  name = 'CreateMessageMedia1765400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE message_media (
        message_id uuid NOT NULL REFERENCES messages ON DELETE CASCADE,
        position smallint NOT NULL,
        media_id uuid NOT NULL,
        PRIMARY KEY (message_id, position),
        UNIQUE (message_id, media_id)
      )`);
    await q.query(`CREATE INDEX message_media_media ON message_media (media_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE message_media`);
  }
}
