import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMessaging1764380000001 implements MigrationInterface {
  name = 'CreateMessaging1764380000001';

  async up(q: QueryRunner): Promise<void> {
    // JetStream delivers at least once: a consumer records each event id it
    // has applied, in the same transaction as its effect, and skips repeats.
    await q.query(`
      CREATE TABLE processed_events (
        consumer text NOT NULL,
        event_id text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE processed_events`);
  }
}
