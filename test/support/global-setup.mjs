// jest globalSetup: one PostgreSQL and one NATS for the whole run. Workers are
// forked after this returns, so the URLs set on process.env reach every test.
// The data dir lives in the OS temp dir so a second run reuses the initialised
// cluster (about 0.3 s instead of a fresh initdb).
import os from 'node:os';
import path from 'node:path';
import { startTestStack } from '../../scripts/stack.mjs';

export default async function globalSetup() {
  const stack = await startTestStack({ dataDir: path.join(os.tmpdir(), 'superapp-test-data') });
  process.env.DATABASE_URL = stack.databaseUrl;
  process.env.NATS_URL = stack.natsUrl;
  // Each service of the platform connects as its own NATS user (test/support/platform.ts).
  if (stack.natsPasswords) process.env.NATS_TEST_PASSWORDS = JSON.stringify(stack.natsPasswords);
  globalThis.__STACK__ = stack;
}
