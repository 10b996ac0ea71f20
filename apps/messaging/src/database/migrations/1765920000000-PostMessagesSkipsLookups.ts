import { MigrationInterface, QueryRunner } from 'typeorm';
import { readSqlFile } from '@app/common';
import { POST_MESSAGES_BEFORE_1765920000000 } from './1765920000000-PostMessagesSkipsLookups.sql';

/**
 * post_messages(p_items, p_check_stored): the stored-clientId look-up only
 * when asked (a reused clientId otherwise fails the call on the unique index
 * and SendBatcher calls again with the look-up), the replied-to message only
 * for items that reply. On the partitioned messages table, each look-up in
 * the statement's generic plan opened and set up all 16 partitions and their
 * indexes on every call (bench/README.md, "Peers").
 */
export class PostMessagesSkipsLookups1765920000000 implements MigrationInterface {
  name = 'PostMessagesSkipsLookups1765920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION IF EXISTS post_messages(jsonb)');
    await q.query(readSqlFile(__dirname, '../functions/post_messages.sql'));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION post_messages(jsonb, boolean)');
    await q.query(POST_MESSAGES_BEFORE_1765920000000);
  }
}
