import fs from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { queryRows } from '@app/common';
import { MESSAGING_MIGRATIONS } from '../src/app.module';
import { LoadFunctionFiles1764380000005, MESSAGING_FUNCTIONS } from '../src/database/migrations/1764380000005-LoadFunctionFiles';
import { postMessage } from '../src/database/functions/post_message.function';
import { PARTITIONS } from '../src/database/migrations/1765600000000-PartitionMessagesAndUpdates';
import { newUser, seedGroup, startMessagingDb, streamOf } from './support';

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

  describe('partitioned messages and updates (1765600000000)', () => {
    const partitions = async (table: string) =>
      (
        await queryRows<{ n: number; strategy: string }>(
          ds,
          `SELECT count(i.inhrelid)::int AS n, min(pt.partstrat) AS strategy
             FROM pg_partitioned_table pt LEFT JOIN pg_inherits i ON i.inhparent = pt.partrelid
            WHERE pt.partrelid = to_regclass($1)`,
          [`messaging.${table}`],
        )
      )[0];
    const send = async (conversationId: string, senderId: string, clientId: string) => {
      const r = await postMessage(ds, { conversationId, senderId, kind: 'TEXT', clientId, text: 'سلام', searchDoc: 'سلام' });
      if (r.status !== 'ok' && r.status !== 'duplicate') throw new Error(r.status);
      return r;
    };

    it(`splits both tables into ${PARTITIONS} hash partitions`, async () => {
      expect(await partitions('messages')).toEqual({ n: PARTITIONS, strategy: 'h' });
      expect(await partitions('updates')).toEqual({ n: PARTITIONS, strategy: 'h' });
    });

    it('keeps the rows written before it, and seq, clientId and stream positions hold across it', async () => {
      await ds.undoLastMigration({ transaction: 'each' });
      expect(await partitions('messages')).toEqual({ n: 0, strategy: null });
      const [a, b] = [newUser(), newUser()];
      const conversationId = await seedGroup(ds, [a, b]);
      const before = [await send(conversationId, a, 'x1'), await send(conversationId, b, 'x2')];
      await ds.runMigrations({ transaction: 'each' });
      expect(await partitions('messages')).toEqual({ n: PARTITIONS, strategy: 'h' });

      const again = await send(conversationId, a, 'x1');
      expect([again.status, again.messageId]).toEqual(['duplicate', before[0].messageId]);
      const third = await send(conversationId, a, 'x3');
      expect([third.status, third.seq]).toEqual(['ok', 3]);
      const rows = await queryRows<{ id: string; seq: number }>(
        ds,
        `SELECT id, seq FROM messages WHERE conversation_id = $1 ORDER BY seq`,
        [conversationId],
      );
      expect(rows).toEqual([...before, third].map((m, i) => ({ id: m.messageId, seq: i + 1 })));
      expect((await streamOf(ds, b)).map((u) => [u.pos, u.message_id])).toEqual([
        ['1', before[0].messageId],
        ['2', before[1].messageId],
        ['3', third.messageId],
      ]);
    });
  });
});
