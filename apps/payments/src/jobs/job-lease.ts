import { Injectable } from '@nestjs/common';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { queryRow, queryRows } from '@app/common';

/**
 * Leases for jobs that one copy of the service runs at a time. A lease is
 * renewed by its holder on every run and lapses on its own if the holder
 * dies, so a crash or restart hands the job over after at most one ttl.
 */
@Injectable()
export class JobLease {
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(private readonly ds: DataSource) {}

  async acquire(name: string, ttlMs: number): Promise<boolean> {
    const row = await queryRow<{ owner: string }>(
      this.ds,
      `INSERT INTO job_leases (name, owner, lease_until) VALUES ($1, $2, now() + make_interval(secs => $3))
       ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until
         WHERE job_leases.owner = EXCLUDED.owner OR job_leases.lease_until < now()
       RETURNING owner`,
      [name, this.owner, ttlMs / 1000],
    );
    return row?.owner === this.owner;
  }

  async release(name: string): Promise<void> {
    await queryRows<never>(this.ds, `DELETE FROM job_leases WHERE name = $1 AND owner = $2`, [name, this.owner]);
  }
}
