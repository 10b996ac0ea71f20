import { DataSource, DataSourceOptions } from 'typeorm';

/** One lock for every service's migrations: they share extensions in public. */
const MIGRATION_LOCK = 7_246_001;

/**
 * Creates the service's schema and runs its pending migrations, holding an
 * advisory lock so that copies starting together (and services creating the
 * same extension) take turns instead of racing.
 */
export async function migrateSchema(ds: DataSource, schema: string): Promise<void> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    // Made only when missing: a service's own role (deploy/postgres/roles.sql) owns its schema
    // but may not create schemas or extensions, which IF NOT EXISTS would still require.
    const [{ schema: hasSchema, trgm }] = (await runner.query(
      `SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = $1) AS schema, EXISTS (SELECT FROM pg_extension WHERE extname = 'pg_trgm') AS trgm`,
      [schema],
    )) as Array<{ schema: boolean; trgm: boolean }>;
    if (!hasSchema) await runner.query(`CREATE SCHEMA "${schema}"`);
    if (!trgm) await runner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public');
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

/**
 * A service's migrations alone, then exit (the deployment's migration Job:
 * `node dist/apps/<service>/src/migrate.js`), so new copies start on a
 * migrated schema and a failing migration stops a release before any copy
 * is replaced. Services still migrate at start; with nothing pending that is
 * one query under the lock.
 */
export async function runMigrationsAndExit(options: DataSourceOptions, schema: string): Promise<void> {
  const ds = await new DataSource(options).initialize();
  try {
    await migrateSchema(ds, schema);
    process.stdout.write(`${JSON.stringify({ level: 'info', service: schema, msg: `${schema}: migrations done` })}\n`);
  } catch (err) {
    process.stderr.write(`${JSON.stringify({ level: 'fatal', service: schema, msg: `${schema}: migration failed`, err: String(err) })}\n`);
    process.exitCode = 1;
  } finally {
    await ds.destroy();
  }
}
