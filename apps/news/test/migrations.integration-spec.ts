import { DataSource } from 'typeorm';
import { DatabaseEnv, dataSourceOptions, migrateSchema, queryRows } from '@app/common';
import { createTestDatabase } from '@test/support';
import { NEWS_MIGRATIONS } from '../src/app.module';
import { AddFeedErrorReason1765500000001 } from '../src/database/migrations/1765500000001-AddFeedErrorReason';
import { DropProcessedEvents1764500000000 } from '../src/database/migrations/1764500000000-DropProcessedEvents';

/** The columns of a news table with their types and nullability, in order; [] when there is no such table. */
async function columns(ds: DataSource, table: string): Promise<string[]> {
  const rows = await queryRows<{ column_name: string; data_type: string; is_nullable: string }>(
    ds,
    `SELECT column_name, data_type, is_nullable FROM information_schema.columns
      WHERE table_schema = 'news' AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((c) => `${c.column_name} ${c.data_type}${c.is_nullable === 'NO' ? ' not null' : ''}`);
}

describe('news migrations', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = Object.assign(new DatabaseEnv(), { DATABASE_URL: database.url, DB_POOL_SIZE: 2 });
    ds = await new DataSource(dataSourceOptions(env, { schema: 'news', migrations: NEWS_MIGRATIONS })).initialize();
    await migrateSchema(ds, 'news');
  });

  afterAll(async () => {
    await ds?.destroy();
    await database?.drop();
  });

  it('leave no processed_events table (news consumes no JetStream events)', async () => {
    expect(await columns(ds, 'processed_events')).toEqual([]);
    expect(await columns(ds, 'channels')).not.toEqual([]);
  });

  it('bring processed_events back as released when the drop is undone, and drop it again on the way up', async () => {
    // Later migrations are undone first, then the drop.
    const later = NEWS_MIGRATIONS.length - NEWS_MIGRATIONS.indexOf(DropProcessedEvents1764500000000);
    for (let i = 0; i < later; i++) await ds.undoLastMigration({ transaction: 'each' });
    expect(await columns(ds, 'processed_events')).toEqual([
      'consumer text not null',
      'event_id text not null',
      'processed_at timestamp with time zone not null',
    ]);
    const [key] = await queryRows<{ columns: string }>(
      ds,
      `SELECT string_agg(a.attname, ',' ORDER BY k.ord) AS columns
         FROM pg_constraint c
         CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
        WHERE c.conrelid = 'news.processed_events'::regclass AND c.contype = 'p'`,
    );
    expect(key.columns).toBe('consumer,event_id');
    await migrateSchema(ds, 'news');
    expect(await columns(ds, 'processed_events')).toEqual([]);
  });
});

describe('news migrations since the drop', () => {
  it('add the feed error reason and the link preview cache, and take them away again', async () => {
    const database = await createTestDatabase();
    const env = Object.assign(new DatabaseEnv(), { DATABASE_URL: database.url, DB_POOL_SIZE: 2 });
    const ds = await new DataSource(dataSourceOptions(env, { schema: 'news', migrations: NEWS_MIGRATIONS })).initialize();
    try {
      await migrateSchema(ds, 'news');
      expect(await columns(ds, 'feed_sources')).toContain('last_error_reason text');
      expect(await columns(ds, 'link_previews')).toEqual([
        'url text not null',
        'fetched_at timestamp with time zone not null',
        'title text',
        'description text',
        'site_name text',
        'image_url text',
      ]);
      // Undo back through the feed error reason (later migrations first, newest first).
      const later = NEWS_MIGRATIONS.length - NEWS_MIGRATIONS.indexOf(AddFeedErrorReason1765500000001);
      for (let i = 0; i < later; i++) await ds.undoLastMigration({ transaction: 'each' });
      expect(await columns(ds, 'link_previews')).toEqual([]);
      expect(await columns(ds, 'feed_sources')).not.toContain('last_error_reason text');
    } finally {
      await ds.destroy();
      await database.drop();
    }
  });
});
