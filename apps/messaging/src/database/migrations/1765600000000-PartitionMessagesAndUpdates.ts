import { MigrationInterface, QueryRunner } from 'typeorm';

/** Hash partitions of each table: enough to keep each one's indexes in memory well past 10⁹ messages (deploy/README.md). */
export const PARTITIONS = 16;

/** The table's columns as it is now (earlier migrations add some), without generated ones, which are computed again. */
async function columnsOf(q: QueryRunner, table: string): Promise<string> {
  const rows: Array<{ column_name: string }> = await q.query(
    `SELECT column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => `"${r.column_name}"`).join(', ');
}

/** A copy of `table`'s columns, defaults, NOT NULL and CHECK rules (names kept), with these keys. */
const LIKE = (table: string, keys: string[], partitionBy?: string) =>
  `CREATE TABLE ${table}_next (LIKE ${table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED, ${keys.join(', ')})` +
  (partitionBy ? ` PARTITION BY HASH (${partitionBy})` : '');

const MESSAGE_KEYS = (id: string) => [
  `CONSTRAINT messages_next_pkey PRIMARY KEY (${id})`,
  'CONSTRAINT messages_next_conversation_seq UNIQUE (conversation_id, seq)',
  'CONSTRAINT messages_next_sender_client_id UNIQUE (conversation_id, sender_id, client_id)',
];
const UPDATE_KEYS = ['CONSTRAINT updates_next_pkey PRIMARY KEY (user_id, pos)'];

/**
 * messages and updates become hash-partitioned (PostgreSQL declarative
 * partitioning): messages by conversation_id, updates by user_id, the keys
 * every hot statement already names (a conversation's messages by seq, a
 * user's stream by pos), so each reaches one partition, and every unique rule
 * (seq per conversation, clientId per sender, pos per user) still holds in
 * one index. A message's id stays unique (a random uuid) but is no longer a
 * key of its own: the primary key is (conversation_id, id), and reactions and
 * hidden_messages keep message ids without a foreign key (messages are never
 * deleted; delete-for-everyone marks them). The new tables copy the current
 * definition (LIKE), so columns and kinds added by earlier migrations stay.
 * The rows are copied in this migration's transaction: fine at today's size;
 * a table of hundreds of millions would be moved online (deploy/README.md).
 */
export class PartitionMessagesAndUpdates1765600000000 implements MigrationInterface {
  name = 'PartitionMessagesAndUpdates1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('LOCK TABLE messages, updates IN ACCESS EXCLUSIVE MODE');
    await q.query(LIKE('messages', MESSAGE_KEYS('conversation_id, id'), 'conversation_id'));
    await q.query(LIKE('updates', UPDATE_KEYS, 'user_id'));
    for (let i = 0; i < PARTITIONS; i++) {
      const p = String(i).padStart(2, '0');
      await q.query(`CREATE TABLE messages_p${p} PARTITION OF messages_next FOR VALUES WITH (MODULUS ${PARTITIONS}, REMAINDER ${i})`);
      await q.query(`CREATE TABLE updates_p${p} PARTITION OF updates_next FOR VALUES WITH (MODULUS ${PARTITIONS}, REMAINDER ${i})`);
    }
    await swap(q, true);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('LOCK TABLE messages, updates IN ACCESS EXCLUSIVE MODE');
    await q.query(LIKE('messages', MESSAGE_KEYS('id')));
    await q.query(LIKE('updates', UPDATE_KEYS));
    await swap(q, false);
    await q.query('ALTER TABLE reactions ADD CONSTRAINT reactions_message_id_fkey FOREIGN KEY (message_id) REFERENCES messages(id)');
    await q.query(
      'ALTER TABLE hidden_messages ADD CONSTRAINT hidden_messages_message_id_fkey FOREIGN KEY (message_id) REFERENCES messages(id)',
    );
  }
}

/** Copies the rows into the *_next tables, drops the old ones and gives the new ones their names, indexes included. */
async function swap(q: QueryRunner, partitioned: boolean): Promise<void> {
  for (const table of ['messages', 'updates']) {
    const columns = await columnsOf(q, table);
    await q.query(`INSERT INTO ${table}_next (${columns}) SELECT ${columns} FROM ${table}`);
  }
  // CASCADE drops only the foreign keys of reactions and hidden_messages to messages(id).
  await q.query('DROP TABLE messages, updates CASCADE');
  await q.query('ALTER TABLE messages_next RENAME TO messages');
  await q.query('ALTER TABLE updates_next RENAME TO updates');
  for (const c of ['pkey', 'conversation_seq', 'sender_client_id']) {
    await q.query(`ALTER TABLE messages RENAME CONSTRAINT messages_next_${c} TO messages_${c}`);
  }
  await q.query('ALTER TABLE updates RENAME CONSTRAINT updates_next_pkey TO updates_pkey');
  await q.query('CREATE INDEX messages_tsv ON messages USING gin (tsv)');
  await q.query('CREATE INDEX messages_global_pos ON messages (global_pos)');
  await q.query('CREATE INDEX updates_created_brin ON updates USING brin (created_at)');
  // Lookups by id alone (a reply's or reaction's message) probe each partition's index once.
  if (partitioned) await q.query('CREATE INDEX messages_id ON messages (id)');
}
