import fs from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { queryRows } from '@app/common';
import { MESSAGING_MIGRATIONS } from '../src/app.module';
import { LoadFunctionFiles1764380000005, MESSAGING_FUNCTIONS } from '../src/database/migrations/1764380000005-LoadFunctionFiles';
import { startMessagingDb } from './support';

/** The body between the dollar quotes of a function file: what PostgreSQL keeps as prosrc. */
function bodyInFile(name: string): string {
  const text = fs.readFileSync(path.join(__dirname, '../src/database/functions', `${name}.sql`), 'utf8');
  return text.slice(text.indexOf('$$') + 2, text.lastIndexOf('$$'));
}

describe('messaging migrations', () => {
  let ds: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => ({ ds, close } = await startMessagingDb()));
  afterAll(() => close?.());

  const tableExists = async (name: string) =>
    (await queryRows<{ found: boolean }>(ds, `SELECT to_regclass($1) IS NOT NULL AS found`, [`messaging.${name}`]))[0].found;

  it('runs every function as its file in src/database/functions has it', async () => {
    const rows = await queryRows<{ proname: string; prosrc: string }>(
      ds,
      `SELECT p.proname, p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'messaging' ORDER BY 1`,
    );
    expect(rows.map((r) => r.proname)).toEqual([...MESSAGING_FUNCTIONS].sort());
    for (const r of rows) expect([r.proname, r.prosrc]).toEqual([r.proname, bodyInFile(r.proname)]);
  });

  it('has message_media, and drops it when undone', async () => {
    expect(await tableExists('message_media')).toBe(true);
    await ds.undoLastMigration({ transaction: 'each' });
    try {
      expect(await tableExists('message_media')).toBe(false);
    } finally {
      await ds.runMigrations({ transaction: 'each' });
    }
    expect(await tableExists('message_media')).toBe(true);
  });

  it('has dropped processed_events, and recreates it as released when undone', async () => {
    expect(await tableExists('processed_events')).toBe(false);
    // Undo the later migrations first, then this one.
    const later = MESSAGING_MIGRATIONS.length - MESSAGING_MIGRATIONS.indexOf(LoadFunctionFiles1764380000005);
    for (let i = 0; i < later; i++) await ds.undoLastMigration({ transaction: 'each' });
    try {
      expect(await tableExists('processed_events')).toBe(true);
      const columns = await queryRows<{ column_name: string; data_type: string; is_nullable: string }>(
        ds,
        `SELECT column_name, data_type, is_nullable FROM information_schema.columns
          WHERE table_schema = 'messaging' AND table_name = 'processed_events' ORDER BY ordinal_position`,
      );
      expect(columns).toEqual([
        { column_name: 'consumer', data_type: 'text', is_nullable: 'NO' },
        { column_name: 'event_id', data_type: 'text', is_nullable: 'NO' },
        { column_name: 'processed_at', data_type: 'timestamp with time zone', is_nullable: 'NO' },
      ]);
      const [key] = await queryRows<{ definition: string }>(
        ds,
        `SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = 'messaging.processed_events'::regclass AND contype = 'p'`,
      );
      expect(key.definition).toBe('PRIMARY KEY (consumer, event_id)');
    } finally {
      await ds.runMigrations({ transaction: 'each' });
    }
    expect(await tableExists('processed_events')).toBe(false);
  });
});
