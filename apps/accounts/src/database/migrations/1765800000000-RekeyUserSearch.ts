import { MigrationInterface, QueryRunner } from 'typeorm';
import { rekeyRows } from '@app/common';
import { userSearchKey } from '../../users/user.rules';

/**
 * Persian search that finds every spelling (issue 17): users' search keys are
 * computed again with the current normalizer, as profile updates write them.
 */
export class RekeyUserSearch1765800000000 implements MigrationInterface {
  name = 'RekeyUserSearch1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await rekeyRows<{ id: string; display_name: string; username: string | null }>(q, {
      table: 'users',
      read: 'display_name, username',
      compute: (row) => ({ search_key: userSearchKey(row.display_name, row.username) }),
    });
  }

  async down(): Promise<void> {
    // The keys written are a superset of the old ones: the old search keeps working on them.
  }
}
