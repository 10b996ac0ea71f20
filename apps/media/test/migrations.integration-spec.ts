import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DatabaseEnv, dataSourceOptions, migrateSchema, queryRows } from '@app/common';
import { createTestDatabase } from '@test/support';
import { MEDIA_MIGRATIONS } from '../src/app.module';
import { VideoMetadata1765900000000 } from '../src/database/migrations/1765900000000-VideoMetadata';

describe('media migrations', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = Object.assign(new DatabaseEnv(), { DATABASE_URL: database.url, DB_POOL_SIZE: 2 });
    ds = await new DataSource(dataSourceOptions(env, { schema: 'media', migrations: MEDIA_MIGRATIONS })).initialize();
    await migrateSchema(ds, 'media');
  });

  afterAll(async () => {
    await ds?.destroy();
    await database?.drop();
  });

  it('undo videos and pending albums keeping every media usable, and apply again', async () => {
    const owner = randomUUID();
    const sha = 'a'.repeat(64);
    await ds.query(
      `INSERT INTO blobs (sha256, profile, parts, size, mime_type, width, height, thumb_key, thumb_size)
       VALUES ($1, 'video', '[{"key":"u/x/0","size":10}]', 10, 'video/mp4', 640, 360, 'b/x/video-thumb', 5)`,
      [sha],
    );
    const [media] = await queryRows<{ id: string }>(
      ds,
      `INSERT INTO media (owner_id, kind, claimed_mime, declared_size, state, received, expires_at, blob_sha256, blob_profile, client_width, client_height)
       VALUES ($1, 'VIDEO', 'video/mp4', 10, 'READY', 10, now(), $2, 'video', 1, 1) RETURNING id`,
      [owner, sha],
    );
    const kept = randomUUID();
    const pending = randomUUID();
    await ds.query(`INSERT INTO post_media (post_id, position, media_id, pending) VALUES ($1, 0, $3, false), ($2, 0, $3, true)`, [
      kept,
      pending,
      media.id,
    ]);

    const undo = MEDIA_MIGRATIONS.length - MEDIA_MIGRATIONS.indexOf(VideoMetadata1765900000000);
    for (let i = 0; i < undo; i++) await ds.undoLastMigration({ transaction: 'each' });
    expect(await queryRows(ds, `SELECT post_id FROM post_media`)).toEqual([{ post_id: kept }]);
    expect(
      await queryRows(
        ds,
        `SELECT m.blob_profile, b.size FROM media m JOIN blobs b ON b.sha256 = m.blob_sha256 AND b.profile = m.blob_profile`,
      ),
    ).toEqual([{ blob_profile: 'raw', size: '10' }]);
    await expect(
      ds.query(`INSERT INTO blobs (sha256, profile, parts, size, mime_type) VALUES ($1, 'video', '[]', 1, 'x')`, ['b'.repeat(64)]),
    ).rejects.toThrow();

    await migrateSchema(ds, 'media');
    const [row] = await queryRows<{ pending: boolean; client_width: number | null }>(
      ds,
      `SELECT p.pending, m.client_width FROM post_media p JOIN media m ON m.id = p.media_id`,
    );
    expect(row).toEqual({ pending: false, client_width: null });
  });
});
