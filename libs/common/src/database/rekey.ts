import { QueryRunner } from 'typeorm';

export interface RekeyPlan<Row extends { id: string }> {
  /** Table whose rows get new keys (in the migration's schema). */
  table: string;
  /** Columns read for each row besides id, as a SELECT list. */
  read: string;
  /** Only rows matching this condition (SQL), if given. */
  where?: string;
  /** The new value of each written column, computed from the row. */
  compute: (row: Row) => Record<string, string>;
}

const BATCH = 2000;

/**
 * Recomputes search keys of existing rows in a migration, BATCH rows per
 * statement in id order, so a table of millions is neither loaded at once nor
 * updated row by row. The keys come from libs/persian, the code the service
 * writes new rows with, so old and new rows are keyed alike.
 */
export async function rekeyRows<Row extends { id: string }>(q: QueryRunner, plan: RekeyPlan<Row>): Promise<number> {
  let after = '00000000-0000-0000-0000-000000000000';
  let total = 0;
  for (;;) {
    const rows: Row[] = await q.query(
      `SELECT id, ${plan.read} FROM ${plan.table} WHERE id > $1 ${plan.where ? `AND (${plan.where})` : ''} ORDER BY id LIMIT ${BATCH}`,
      [after],
    );
    if (!rows.length) return total;
    const computed = rows.map(plan.compute);
    const columns = Object.keys(computed[0]);
    const params: unknown[] = [rows.map((r) => r.id), ...columns.map((c) => computed.map((v) => v[c]))];
    await q.query(
      `UPDATE ${plan.table} t SET ${columns.map((c) => `${c} = x.${c}`).join(', ')}
         FROM unnest($1::uuid[], ${columns.map((_, i) => `$${i + 2}::text[]`).join(', ')}) AS x(id, ${columns.join(', ')})
        WHERE t.id = x.id`,
      params,
    );
    total += rows.length;
    after = rows[rows.length - 1].id;
  }
}
