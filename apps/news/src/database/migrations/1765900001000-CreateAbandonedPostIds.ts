import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAbandonedPostIds1765900001000 implements MigrationInterface {
  name = 'CreateAbandonedPostIds1765900001000';

  async up(q: QueryRunner): Promise<void> {
    // Ids chosen for a post (media recorded its album under them first) that were never published and now never will be.
    await q.query(`CREATE TABLE abandoned_post_ids (id uuid PRIMARY KEY, abandoned_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE abandoned_post_ids`);
  }
}
