import { MigrationInterface, QueryRunner } from 'typeorm';

/** What pages said about themselves, kept so that a link shared in many chats is fetched once a day at most. */
export class CreateLinkPreviews1765500000002 implements MigrationInterface {
  name = 'CreateLinkPreviews1765500000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE link_previews (
        url text PRIMARY KEY,
        fetched_at timestamptz NOT NULL DEFAULT now(),
        title text,
        description text,
        site_name text,
        image_url text
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE link_previews`);
  }
}
