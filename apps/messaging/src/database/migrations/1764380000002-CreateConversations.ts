import { MigrationInterface, QueryRunner } from 'typeorm';
import { FAN_OUT, MARK_READ, POST_MESSAGE, POST_MESSAGES } from './1764380000002-CreateConversations.sql';

/**
 * Conversations, members, messages and the per-user update streams.
 *
 * Invariants the schema itself enforces:
 * - one DIRECT conversation per pair of users (direct_key is 'a:b' with a < b);
 * - seq is unique per conversation and assigned under the conversation row's
 *   lock (see post_message), so it runs 1, 2, 3, … with no gap or repeat;
 * - a clientId is used once per (conversation, sender): a retried send finds
 *   the first message through this unique index;
 * - one reaction per user per message;
 * - a user's stream positions are unique (primary key), and dense because
 *   each is taken as max + 1 under the user's stream lock (see fan_out).
 */
export class CreateConversations1764380000002 implements MigrationInterface {
  name = 'CreateConversations1764380000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE conversations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('DIRECT', 'GROUP')),
        title text,
        direct_key text UNIQUE,
        last_seq integer NOT NULL DEFAULT 0,
        last_activity_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        pinned_message_id uuid,
        member_count integer NOT NULL DEFAULT 0,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CHECK ((kind = 'DIRECT') = (direct_key IS NOT NULL))
      )`);

    await q.query(`CREATE SEQUENCE member_join_order`);
    // A former member (left_at set) keeps reading messages up to until_seq and receives nothing new.
    await q.query(`
      CREATE TABLE members (
        conversation_id uuid NOT NULL REFERENCES conversations(id),
        user_id uuid NOT NULL,
        role text NOT NULL CHECK (role IN ('OWNER', 'ADMIN', 'MEMBER')),
        join_order bigint NOT NULL DEFAULT nextval('member_join_order'),
        joined_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        last_read_seq integer NOT NULL DEFAULT 0,
        muted boolean NOT NULL DEFAULT false,
        left_at timestamptz,
        left_reason text CHECK (left_reason IN ('LEFT', 'REMOVED')),
        until_seq integer,
        PRIMARY KEY (conversation_id, user_id),
        CHECK ((left_at IS NULL) = (until_seq IS NULL))
      )`);
    await q.query(`CREATE INDEX members_user ON members (user_id)`);
    await q.query(`CREATE INDEX members_active_order ON members (conversation_id, join_order) WHERE left_at IS NULL`);

    await q.query(`CREATE SEQUENCE message_global_pos`);
    // global_pos orders search results (newest first) across conversations.
    // No foreign key to conversations: post_message locks the conversation row
    // before inserting (so it exists), and conversations are never deleted; the
    // check would cost a lookup per message on the hottest path.
    await q.query(`
      CREATE TABLE messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
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
        CONSTRAINT messages_conversation_seq UNIQUE (conversation_id, seq),
        CONSTRAINT messages_sender_client_id UNIQUE (conversation_id, sender_id, client_id),
        CHECK ((kind = 'SYSTEM') = (sender_id IS NULL))
      )`);
    await q.query(`CREATE INDEX messages_tsv ON messages USING gin (tsv)`);

    await q.query(`
      CREATE TABLE reactions (
        message_id uuid NOT NULL REFERENCES messages(id),
        user_id uuid NOT NULL,
        emoji text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (message_id, user_id)
      )`);

    // Deleted "for me": hidden from that user only.
    await q.query(`
      CREATE TABLE hidden_messages (
        user_id uuid NOT NULL,
        message_id uuid NOT NULL REFERENCES messages(id),
        PRIMARY KEY (user_id, message_id)
      )`);

    await q.query(`
      CREATE TABLE updates (
        user_id uuid NOT NULL,
        pos bigint NOT NULL,
        type text NOT NULL,
        conversation_id uuid NOT NULL,
        message_id uuid,
        data jsonb,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (user_id, pos)
      )`);

    await q.query(FAN_OUT);
    await q.query(POST_MESSAGE);
    await q.query(POST_MESSAGES);
    await q.query(MARK_READ);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION mark_read, post_messages, post_message, fan_out, lock_streams`);
    await q.query(`DROP TABLE updates, hidden_messages, reactions, messages, members, conversations`);
    await q.query(`DROP SEQUENCE message_global_pos, member_join_order`);
  }
}
