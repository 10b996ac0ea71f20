import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lets UpdatePruner find the update rows past their keeping time without
 * reading the whole table. BRIN, not B-tree: rows arrive in time order, so a
 * range summary per block is exact enough, and it costs the hot insert path
 * (one row per recipient per message) almost nothing to keep.
 */
export class IndexUpdatesByTime1764380000004 implements MigrationInterface {
  name = 'IndexUpdatesByTime1764380000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX updates_created_brin ON updates USING brin (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX updates_created_brin`);
  }
}
