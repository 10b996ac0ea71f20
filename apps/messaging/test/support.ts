import { randomUUID } from 'node:crypto';
import { DataSource, QueryRunner } from 'typeorm';
import { DatabaseEnv, dataSourceOptions, migrateSchema, queryRows } from '@app/common';
import { createTestDatabase } from '@test/support';
import { MESSAGING_MIGRATIONS } from '../src/app.module';

/** Helpers for the tests of the database functions and migrations (not a test file itself). */

/** A database of its own with the messaging schema migrated, as the service has it. */
export async function startMessagingDb(): Promise<{ ds: DataSource; close: () => Promise<void> }> {
  const db = await createTestDatabase();
  const env = Object.assign(new DatabaseEnv(), { DATABASE_URL: db.url, DB_POOL_SIZE: 12 });
  const ds = await new DataSource(dataSourceOptions(env, { schema: 'messaging', migrations: MESSAGING_MIGRATIONS })).initialize();
  await migrateSchema(ds, 'messaging');
  return {
    ds,
    close: async () => {
      await ds.destroy();
      await db.drop();
    },
  };
}

export const newUser = (): string => randomUUID();

/**
 * A group written directly (no SYSTEM message): current members, and former
 * ones who left when the conversation was at lastSeq.
 */
export async function seedGroup(ds: DataSource, members: string[], options: { former?: string[]; lastSeq?: number } = {}): Promise<string> {
  const former = options.former ?? [];
  const lastSeq = options.lastSeq ?? 0;
  const [{ id }] = await queryRows<{ id: string }>(
    ds,
    `INSERT INTO conversations (kind, title, member_count, last_seq) VALUES ('GROUP', 'test', $1, $2) RETURNING id`,
    [members.length, lastSeq],
  );
  await ds.query(`INSERT INTO members (conversation_id, user_id, role) SELECT $1, u, 'MEMBER' FROM unnest($2::uuid[]) u`, [
    id,
    [...members, ...former],
  ]);
  await ds.query(
    `UPDATE members SET left_at = clock_timestamp(), left_reason = 'LEFT', until_seq = $3 WHERE conversation_id = $1 AND user_id = ANY($2::uuid[])`,
    [id, former, lastSeq],
  );
  return id;
}

export async function lastSeqOf(ds: DataSource, conversationId: string): Promise<number> {
  const [row] = await queryRows<{ last_seq: number }>(ds, `SELECT last_seq FROM conversations WHERE id = $1`, [conversationId]);
  return row.last_seq;
}

export interface StoredUpdate {
  pos: string;
  type: string;
  conversation_id: string;
  message_id: string | null;
  data: Record<string, unknown> | null;
}

/** A user's update stream, oldest first. */
export function streamOf(ds: DataSource, userId: string): Promise<StoredUpdate[]> {
  return queryRows<StoredUpdate>(ds, `SELECT pos, type, conversation_id, message_id, data FROM updates WHERE user_id = $1 ORDER BY pos`, [
    userId,
  ]);
}

/** A connection with an open transaction, to hold locks while another connection acts. */
export async function openTransaction(ds: DataSource): Promise<QueryRunner> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  return runner;
}

/** Whether a promise is still pending after a while (it is waiting for a lock). */
export async function stillWaiting(promise: Promise<unknown>, ms = 300): Promise<boolean> {
  const pending = Symbol('pending');
  const first = await Promise.race([promise.then(() => 'settled'), new Promise((r) => setTimeout(() => r(pending), ms))]);
  return first === pending;
}
