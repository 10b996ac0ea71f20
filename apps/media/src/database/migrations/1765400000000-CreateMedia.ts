import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMedia1765400000000 implements MigrationInterface {
  name = 'CreateMedia1765400000000';

  async up(q: QueryRunner): Promise<void> {
    // Stored bytes, one row per content (sha256 of what was uploaded) and
    // processing profile: two uploads of the same bytes share one copy.
    await q.query(`
      CREATE TABLE blobs (
        sha256 text NOT NULL,
        profile text NOT NULL CHECK (profile IN ('raw', 'photo', 'voice')),
        parts jsonb NOT NULL,
        size bigint NOT NULL,
        mime_type text NOT NULL,
        width integer,
        height integer,
        duration_seconds double precision,
        waveform smallint[],
        blurhash text,
        thumb_key text,
        thumb_size integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (sha256, profile)
      )`);
    await q.query(`
      CREATE TABLE media (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('PHOTO', 'VIDEO', 'VOICE', 'AUDIO', 'FILE')),
        claimed_mime text NOT NULL,
        declared_size bigint NOT NULL,
        file_name text,
        client_duration double precision,
        client_sha256 text,
        state text NOT NULL DEFAULT 'UPLOADING' CHECK (state IN ('UPLOADING', 'READY', 'REJECTED')),
        reject_reason text,
        received bigint NOT NULL DEFAULT 0,
        parts jsonb NOT NULL DEFAULT '[]',
        expires_at timestamptz NOT NULL,
        blob_sha256 text,
        blob_profile text,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        FOREIGN KEY (blob_sha256, blob_profile) REFERENCES blobs (sha256, profile),
        CHECK (received <= declared_size)
      )`);
    await q.query(`CREATE INDEX media_owner_created ON media (owner_id, created_at)`);
    await q.query(`CREATE INDEX media_uploading_expiry ON media (expires_at) WHERE state = 'UPLOADING'`);
    // Where finished media are used outside conversations (messaging keeps its own message_media).
    await q.query(`CREATE TABLE avatars (user_id uuid PRIMARY KEY, media_id uuid NOT NULL REFERENCES media, set_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX avatars_media ON avatars (media_id)`);
    await q.query(
      `CREATE TABLE channel_photos (channel_id uuid PRIMARY KEY, media_id uuid NOT NULL REFERENCES media, set_at timestamptz NOT NULL DEFAULT now())`,
    );
    await q.query(`CREATE INDEX channel_photos_media ON channel_photos (media_id)`);
    await q.query(`
      CREATE TABLE post_media (
        post_id uuid NOT NULL,
        position smallint NOT NULL,
        media_id uuid NOT NULL REFERENCES media,
        PRIMARY KEY (post_id, position),
        UNIQUE (post_id, media_id)
      )`);
    await q.query(`CREATE INDEX post_media_media ON post_media (media_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE post_media, channel_photos, avatars, media, blobs`);
  }
}
