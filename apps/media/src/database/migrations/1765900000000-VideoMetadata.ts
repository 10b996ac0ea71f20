import { MigrationInterface, QueryRunner } from 'typeorm';

export class VideoMetadata1765900000000 implements MigrationInterface {
  name = 'VideoMetadata1765900000000';

  async up(q: QueryRunner): Promise<void> {
    // Videos processed as such: 'video' read by a decoder (ffprobe/ffmpeg), 'video-plain' with no decoder at hand (a generic
    // thumbnail), so the same bytes are measured once a decoder is installed, and a FILE of the same bytes gets no thumbnail.
    await q.query(`ALTER TABLE blobs DROP CONSTRAINT blobs_profile_check`);
    await q.query(`ALTER TABLE blobs ADD CONSTRAINT blobs_profile_check CHECK (profile IN ('raw', 'photo', 'voice', 'video', 'video-plain'))`);
    // The dimensions the uploader's client reported: shown (marked as such) when no decoder measured the video.
    await q.query(`ALTER TABLE media ADD COLUMN client_width integer, ADD COLUMN client_height integer`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE media DROP COLUMN client_width, DROP COLUMN client_height`);
    // Videos go back to plain bytes (their thumbnails stay as unreferenced objects).
    await q.query(`INSERT INTO blobs (sha256, profile, parts, size, mime_type)
      SELECT DISTINCT ON (sha256) sha256, 'raw', parts, size, mime_type FROM blobs WHERE profile IN ('video', 'video-plain') ON CONFLICT DO NOTHING`);
    await q.query(`UPDATE media SET blob_profile = 'raw' WHERE blob_profile IN ('video', 'video-plain')`);
    await q.query(`DELETE FROM blobs WHERE profile IN ('video', 'video-plain')`);
    await q.query(`ALTER TABLE blobs DROP CONSTRAINT blobs_profile_check`);
    await q.query(`ALTER TABLE blobs ADD CONSTRAINT blobs_profile_check CHECK (profile IN ('raw', 'photo', 'voice'))`);
  }
}
