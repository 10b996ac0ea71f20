import { MigrationInterface, QueryRunner } from 'typeorm';
import { CreateNews1764380000001 } from './1764380000001-CreateNews';

/** processed_events was never written or read: news consumes no JetStream events. */
export class DropProcessedEvents1764500000000 implements MigrationInterface {
  name = 'DropProcessedEvents1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE processed_events`);
  }

  /** The released migration that created it (and nothing else) creates it again. */
  async down(q: QueryRunner): Promise<void> {
    await new CreateNews1764380000001().up(q);
  }
}
