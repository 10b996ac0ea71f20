// CPU time per process from /proc (Linux): what each process of a side spent
// during a phase, to report CPU-microseconds per delivered message.
import fs from 'node:fs';
import { Client } from 'pg';

/** CPU seconds (user + system) a process has used so far; 0 when it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** The first process whose command line contains every one of `parts` (e.g. ejabberd's Erlang VM). */
export function findProcess(...parts: string[]): number | undefined {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (parts.every((p) => cmd.includes(p))) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/** The PostgreSQL server processes serving `database` (each pool connection is a process). */
export async function backendsOf(adminUrl: string, database: string): Promise<number[]> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
      database,
    ]);
    return rows.map((r) => r.pid);
  } finally {
    await admin.end();
  }
}

/** A group of processes measured together, by name; `postgres` is re-read each phase (pools open connections lazily). */
export interface Processes {
  fixed: Record<string, number>;
  postgres?: { adminUrl: string; database: string };
}

/** Runs `work`, returning its result and the CPU seconds each named process (and this driver) spent meanwhile. */
export async function measureCpu<T>(procs: Processes, work: () => Promise<T>): Promise<{ result: T; cpu: Record<string, number> }> {
  const backends = procs.postgres ? await backendsOf(procs.postgres.adminUrl, procs.postgres.database) : [];
  const before = Object.fromEntries(Object.entries(procs.fixed).map(([k, pid]) => [k, cpuSeconds(pid)]));
  const pgBefore = new Map(backends.map((pid) => [pid, cpuSeconds(pid)]));
  const driver = process.cpuUsage();
  const result = await work();
  const cpu: Record<string, number> = {};
  for (const [k, pid] of Object.entries(procs.fixed)) cpu[k] = cpuSeconds(pid) - before[k];
  if (procs.postgres) {
    // Backends opened during the phase count from zero.
    const after = await backendsOf(procs.postgres.adminUrl, procs.postgres.database);
    cpu.postgres = after.reduce((sum, pid) => sum + cpuSeconds(pid) - (pgBefore.get(pid) ?? 0), 0);
  }
  const used = process.cpuUsage(driver);
  cpu.driver = (used.user + used.system) / 1e6;
  return { result, cpu };
}
