import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DatabaseEnv, DatabaseOptions, dataSourceOptions, migrateSchema } from '@app/common';
import { createTestDatabase } from '@test/support';
import { ACCOUNTS_MIGRATIONS } from '../../accounts/src/app.module';
import { MEDIA_MIGRATIONS } from '../../media/src/app.module';
import { PAYMENTS_MIGRATIONS } from '../src/app.module';

const SERVICES = ['accounts', 'messaging', 'payments', 'news', 'media'];
const roles = path.join(__dirname, '../../../deploy/postgres/roles.sql');
const psql = spawnSync('psql', ['--version']).status === 0;

/**
 * deploy/postgres/roles.sql: each service's role migrates its own schema and
 * cannot read or change another's. Runs the file with psql on a fresh
 * database (roles prefixed for this run; dropped after).
 */
(psql ? describe : describe.skip)('deploy/postgres/roles.sql', () => {
  const prefix = `t${randomBytes(3).toString('hex')}_`;
  const passwords = Object.fromEntries(SERVICES.map((s) => [s, randomBytes(9).toString('hex')]));
  let db: { url: string; drop: () => Promise<void> };
  const urlAs = (service: string) => {
    const url = new URL(db.url);
    url.username = `${prefix}${service}`;
    url.password = passwords[service];
    return url.toString();
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const database = new URL(db.url).pathname.slice(1);
    const vars = [
      '-v',
      `database=${database}`,
      '-v',
      `role_prefix=${prefix}`,
      ...SERVICES.flatMap((s) => ['-v', `${s}_password=${passwords[s]}`]),
    ];
    const run = spawnSync('psql', [db.url, '-q', ...vars, '-f', roles], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`psql: ${run.stderr}`);
  });
  afterAll(async () => {
    await db?.drop();
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    for (const s of SERVICES) await admin.query(`DROP ROLE IF EXISTS ${prefix}${s}`).catch(() => undefined);
    await admin.end();
  });

  async function migrateAs(service: string, migrations: DatabaseOptions['migrations']) {
    const env = Object.assign(new DatabaseEnv(), { DATABASE_URL: urlAs(service), DB_POOL_SIZE: 2 });
    const ds = await new DataSource(dataSourceOptions(env, { schema: service, migrations })).initialize();
    try {
      await migrateSchema(ds, service);
    } finally {
      await ds.destroy();
    }
  }

  it("lets each service's role migrate its own schema, and refuses it another's", async () => {
    await migrateAs('accounts', ACCOUNTS_MIGRATIONS);
    await migrateAs('payments', PAYMENTS_MIGRATIONS);
    await migrateAs('media', MEDIA_MIGRATIONS);
    const payments = new Client({ connectionString: urlAs('payments') });
    await payments.connect();
    try {
      expect((await payments.query(`SELECT count(*)::int AS n FROM payments.transfers`)).rows).toEqual([{ n: 0 }]);
      await expect(payments.query(`SELECT count(*) FROM accounts.users`)).rejects.toThrow(/permission denied for schema accounts/);
      await expect(payments.query(`CREATE SCHEMA sneaky`)).rejects.toThrow(/permission denied/);
      await expect(payments.query(`CREATE TABLE public.sneaky (id int)`)).rejects.toThrow(/permission denied/);
    } finally {
      await payments.end();
    }
  });
});
