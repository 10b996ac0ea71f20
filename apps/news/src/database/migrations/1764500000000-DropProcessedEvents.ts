import { MigrationInterface, QueryRunner } from 'typeorm';

/** processed_events (1764380000001) was never written or read: news consumes no JetStream events. */
export class DropProcessedEvents1764500000000 implements MigrationInterface {
  name = 'DropProcessedEvents1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE processed_events`);
  }

  async down(q: QueryRunner): Promise<void> {
    // As 1764380000001 created it.
    await q.query(`
      CREATE TABLE processed_events (
        consumer text NOT NULL,
        event_id text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
  }
}
