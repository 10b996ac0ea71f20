// Local infrastructure for `npm start` and the test harness: PostgreSQL and
// NATS (JetStream). An explicit DATABASE_URL / NATS_URL always wins; otherwise
// we run our own embedded PostgreSQL and nats-server under DATA_DIR so a fresh
// clone works with nothing but `npm install`. The parts: stack/postgres.mjs,
// stack/nats.mjs, stack/process.mjs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensurePostgres } from './stack/postgres.mjs';
import { probeNats, spawnNats } from './stack/nats.mjs';
import { freePort, noop } from './stack/process.mjs';

export { ensurePostgres } from './stack/postgres.mjs';
export { ensureNats, NATS_INSTALL_HELP, probeNats, spawnNats } from './stack/nats.mjs';
export { natsCredentialsEnv } from './stack/nats-auth.mjs';
export { freePort, tiedToParent } from './stack/process.mjs';

/** For jest's globalSetup: reads DATABASE_URL, NATS_URL, EMBEDDED_PG_PORT. */
export async function startTestStack({ dataDir, log = (m) => process.stderr.write(`${m}\n`) }) {
  const quiet = () => {};
  let nats;
  if (process.env.NATS_URL && (await probeNats(process.env.NATS_URL)) === 'ok') {
    nats = { url: process.env.NATS_URL, stop: noop, passwords: undefined };
  } else {
    if (process.env.NATS_URL) log(`nats: NATS_URL=${process.env.NATS_URL} does not answer with JetStream; spawning a private nats-server`);
    // A private port and a throw-away store, so tests never see leftover streams.
    const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'superapp-test-nats-'));
    const spawned = await spawnNats({
      port: await freePort(),
      storeDir,
      authFile: path.join(storeDir, 'users.json'),
      log,
      serverLog: quiet,
    });
    nats = {
      url: spawned.url,
      passwords: spawned.passwords,
      stop: async () => {
        await spawned.stop();
        fs.rmSync(storeDir, { recursive: true, force: true });
      },
    };
  }
  let db;
  try {
    db = await ensurePostgres({ dataDir, log, serverLog: quiet });
  } catch (err) {
    await nats.stop();
    throw err;
  }
  return {
    databaseUrl: db.url,
    natsUrl: nats.url,
    /** { [user]: password } of the nats-server spawned here; undefined for one at NATS_URL (no credentials sent). */
    natsPasswords: nats.passwords,
    stop: async () => {
      await Promise.allSettled([db.stop(), nats.stop()]);
    },
  };
}
