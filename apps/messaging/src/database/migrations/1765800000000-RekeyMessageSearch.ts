import { MigrationInterface, QueryRunner } from 'typeorm';
import { rekeyRows } from '@app/common';
import { searchDocument } from '@app/persian';

/**
 * Persian search that finds every spelling (issue 17): search_doc now also
 * holds the joined form of every run of adjacent words, so messages stored
 * before are keyed again with the same searchDocument new messages use (the
 * generated tsv column follows). Only messages that have a search key.
 */
export class RekeyMessageSearch1765800000000 implements MigrationInterface {
  name = 'RekeyMessageSearch1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await rekeyRows<{ id: string; text: string }>(q, {
      table: 'messages',
      read: 'text',
      where: 'search_doc IS NOT NULL AND text IS NOT NULL',
      compute: (row) => ({ search_doc: searchDocument(row.text) }),
    });
  }

  async down(): Promise<void> {
    // The keys written are a superset of the old ones: the old search keeps working on them.
  }
}
