import { MigrationInterface, QueryRunner } from 'typeorm';
import { rekeyRows } from '@app/common';
import { channelSearchKeys } from '../../channels/channel.rules';
import { postSearchDocument } from '../../posts/post.rules';

/**
 * Persian search that finds every spelling (issue 17): channels' and posts'
 * search keys are computed again with the current normalizer, as new rows
 * are written (posts' generated search_tsv follows).
 */
export class RekeyNewsSearch1765800000000 implements MigrationInterface {
  name = 'RekeyNewsSearch1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await rekeyRows<{ id: string; handle: string; title: string }>(q, {
      table: 'channels',
      read: 'handle, title',
      compute: (row) => {
        const keys = channelSearchKeys(row.handle, row.title);
        return { search_doc: keys.doc, compact_key: keys.compact };
      },
    });
    await rekeyRows<{ id: string; title: string | null; text: string }>(q, {
      table: 'posts',
      read: 'title, text',
      compute: (row) => ({ search_doc: postSearchDocument(row.title, row.text) }),
    });
  }

  async down(): Promise<void> {
    // The keys written are a superset of the old ones: the old search keeps working on them.
  }
}
