import { MigrationInterface, QueryRunner } from 'typeorm';

export class PendingPostMedia1765900002000 implements MigrationInterface {
  name = 'PendingPostMedia1765900002000';

  async up(q: QueryRunner): Promise<void> {
    // An album is recorded under the post's id before news publishes the post: pending until news says the post exists
    // (then kept) or that the id will never be a post (then removed). Rows before this were recorded after their post.
    await q.query(`ALTER TABLE post_media
      ADD COLUMN attached_by uuid,
      ADD COLUMN attached_at timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN pending boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE INDEX post_media_pending ON post_media (attached_at) WHERE pending`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM post_media WHERE pending`);
    await q.query(`ALTER TABLE post_media DROP COLUMN attached_by, DROP COLUMN attached_at, DROP COLUMN pending`);
  }
}
