import { MigrationInterface, QueryRunner } from 'typeorm';

/** Hash partitions of each table: enough to keep each one's indexes in memory well past 10⁹ messages (deploy/README.md). */
export const PARTITIONS = 16;

const MESSAGE_COLUMNS =
  'id, conversation_id, seq, global_pos, kind, sender_id, client_id, text, search_doc, reply_to_id, forwarded_from_id, ref_id, edited_at, deleted_at, created_at';
const UPDATE_COLUMNS = 'user_id, pos, type, conversation_id, message_id, data, created_at';

const MESSAGES = (name: string, partitioned: boolean) => `
  CREATE TABLE ${name} (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    conversation_id uuid NOT NULL,
    seq integer NOT NULL,
    global_pos bigint NOT NULL DEFAULT nextval('message_global_pos'),
    kind text NOT NULL CHECK (kind IN ('TEXT', 'SYSTEM', 'PAYMENT', 'BILL_PAYMENT', 'POST_SHARE')),
    sender_id uuid,
    client_id text,
    text text,
    search_doc text,
    tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(search_doc, ''))) STORED,
    reply_to_id uuid,
    forwarded_from_id uuid,
    ref_id text,
    edited_at timestamptz,
    deleted_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    ${partitioned ? 'CONSTRAINT messages_next_pkey PRIMARY KEY (conversation_id, id)' : 'CONSTRAINT messages_next_pkey PRIMARY KEY (id)'},
    CONSTRAINT messages_next_conversation_seq UNIQUE (conversation_id, seq),
    CONSTRAINT messages_next_sender_client_id UNIQUE (conversation_id, sender_id, client_id),
    CHECK ((kind = 'SYSTEM') = (sender_id IS NULL))
  )${partitioned ? ' PARTITION BY HASH (conversation_id)' : ''}`;

const UPDATES = (name: string, partitioned: boolean) => `
  CREATE TABLE ${name} (
    user_id uuid NOT NULL,
    pos bigint NOT NULL,
    type text NOT NULL,
    conversation_id uuid NOT NULL,
    message_id uuid,
    data jsonb,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT updates_next_pkey PRIMARY KEY (user_id, pos)
  )${partitioned ? ' PARTITION BY HASH (user_id)' : ''}`;

/**
 * messages and updates become hash-partitioned (PostgreSQL declarative
 * partitioning): messages by conversation_id, updates by user_id, the keys
 * every hot statement already names (a conversation's messages by seq, a
 * user's stream by pos), so each reaches one partition, and every unique rule
 * (seq per conversation, clientId per sender, pos per user) still holds in
 * one index. A message's id stays unique (a random uuid) but is no longer a
 * key of its own: the primary key is (conversation_id, id), and reactions and
 * hidden_messages keep message ids without a foreign key (messages are never
 * deleted; delete-for-everyone marks them). The rows are copied in this
 * migration's transaction: fine at today's size; a table of hundreds of
 * millions would be moved online instead (deploy/README.md).
 */
export class PartitionMessagesAndUpdates1765600000000 implements MigrationInterface {
  name = 'PartitionMessagesAndUpdates1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('LOCK TABLE messages, updates IN ACCESS EXCLUSIVE MODE');
    await q.query(MESSAGES('messages_next', true));
    await q.query(UPDATES('updates_next', true));
    for (let i = 0; i < PARTITIONS; i++) {
      const p = String(i).padStart(2, '0');
      await q.query(`CREATE TABLE messages_p${p} PARTITION OF messages_next FOR VALUES WITH (MODULUS ${PARTITIONS}, REMAINDER ${i})`);
      await q.query(`CREATE TABLE updates_p${p} PARTITION OF updates_next FOR VALUES WITH (MODULUS ${PARTITIONS}, REMAINDER ${i})`);
    }
    await this.swap(q, true);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('LOCK TABLE messages, updates IN ACCESS EXCLUSIVE MODE');
    await q.query(MESSAGES('messages_next', false));
    await q.query(UPDATES('updates_next', false));
    await this.swap(q, false);
    await q.query('ALTER TABLE reactions ADD CONSTRAINT reactions_message_id_fkey FOREIGN KEY (message_id) REFERENCES messages(id)');
    await q.query(
      'ALTER TABLE hidden_messages ADD CONSTRAINT hidden_messages_message_id_fkey FOREIGN KEY (message_id) REFERENCES messages(id)',
    );
  }

  /** Copies the rows into the *_next tables, drops the old ones and gives the new ones their names, indexes included. */
  private async swap(q: QueryRunner, partitioned: boolean): Promise<void> {
    await q.query(`INSERT INTO messages_next (${MESSAGE_COLUMNS}) SELECT ${MESSAGE_COLUMNS} FROM messages`);
    await q.query(`INSERT INTO updates_next (${UPDATE_COLUMNS}) SELECT ${UPDATE_COLUMNS} FROM updates`);
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
}
