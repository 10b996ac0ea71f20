// NATS with JetStream for the local stack: NATS_URL when it answers, else a
// nats-server from PATH that we run ourselves.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { connect } from 'nats';
import { localNatsAuth } from './nats-auth.mjs';
import { noop, onPath, sleep, terminate, tiedToParent } from './process.mjs';

const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

export const NATS_INSTALL_HELP = [
  'nats-server was not found on PATH and nothing answers at NATS_URL.',
  'Install it:',
  '  Debian/Ubuntu: apt-get install nats-server',
  '  macOS:         brew install nats-server',
  '  otherwise:     download a release from https://github.com/nats-io/nats-server/releases',
  '  or run one:    docker run -p 4222:4222 nats -js',
  'or point NATS_URL at an existing server with JetStream enabled (e.g. NATS_URL=nats://host:4222).',
].join('\n');

/** 'ok', 'no-jetstream' or 'down' for the given comma-separated NATS URL(s). */
export async function probeNats(url, timeout = 2000) {
  let nc;
  try {
    nc = await connect({ servers: url.split(','), timeout, reconnect: false, maxReconnectAttempts: 0 });
  } catch {
    return 'down';
  }
  try {
    await nc.jetstreamManager({ timeout }); // checks the account, not just the server flag
    return 'ok';
  } catch {
    return 'no-jetstream';
  } finally {
    await nc.close().catch(() => {});
  }
}

/**
 * Spawn nats-server with JetStream on 127.0.0.1:port, with one user per
 * service and their permissions (nats-auth.mjs; passwords kept in
 * `authFile`); resolves once it accepts connections, with the passwords.
 */
export async function spawnNats({ port, storeDir, authFile, log = console.log, serverLog = log }) {
  const bin = onPath('nats-server');
  if (!bin) throw new Error(NATS_INSTALL_HELP);
  fs.mkdirSync(storeDir, { recursive: true });
  const url = `nats://127.0.0.1:${port}`;
  const started = Date.now();
  const auth = localNatsAuth(authFile);
  const conf = path.join(storeDir, 'nats-server.conf');
  fs.writeFileSync(conf, `${auth.config}\n`, { mode: 0o600 });
  const child = spawn(...tiedToParent(bin, ['-c', conf, '-js', '-sd', storeDir, '-a', '127.0.0.1', '-p', String(port)]), {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  let ready = false;
  const onData = (chunk) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      if (ready) {
        if (/\[(ERR|WRN|FTL)\]/.test(line)) serverLog(`nats: ${line}`);
      } else output.push(line);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  // Last resort if our process exits without calling stop(): 'exit' listeners
  // can only do synchronous work, which a kill is.
  const onExit = () => child.kill('SIGTERM');
  process.once('exit', onExit);
  const stop = async () => {
    await terminate(child, 'SIGTERM', 10000);
    process.removeListener('exit', onExit);
  };
  while (!ready) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`nats-server exited before accepting connections:\n${output.slice(-20).join('\n')}`);
    }
    if (Date.now() - started > 15000) {
      await stop();
      throw new Error(`nats-server did not answer on ${url} within 15 s`);
    }
    if ((await probeNats(url, 500)) === 'ok') ready = true;
    else await sleep(100);
  }
  log(`nats: started nats-server on ${url} (store ${storeDir}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { url, stop, spawned: true, passwords: auth.passwords };
}

const isLocal = (host) => ['127.0.0.1', 'localhost', '::1', '[::1]', '0.0.0.0'].includes(host);

/** NATS_URL (or nats://127.0.0.1:4222) if it answers with JetStream, else a nats-server we spawn there. */
export async function ensureNats({ dataDir, log = console.log, serverLog = log }) {
  const url = process.env.NATS_URL || DEFAULT_NATS_URL;
  const state = await probeNats(url);
  if (state === 'ok') return { url, stop: noop, spawned: false };
  if (state === 'no-jetstream') throw new Error(`the NATS server at ${url} does not have JetStream enabled (start it with -js)`);
  const first = new URL(
    url
      .split(',')[0]
      .trim()
      .replace(/^(tls|ws|wss):/, 'nats:'),
  );
  if (!isLocal(first.hostname)) throw new Error(`nothing answers at NATS_URL=${url} (only a local URL gets a nats-server spawned for it)`);
  if (!onPath('nats-server')) throw new Error(NATS_INSTALL_HELP);
  const port = Number(first.port || 4222);
  const natsDir = path.join(path.resolve(dataDir), 'nats');
  const spawned = await spawnNats({ port, storeDir: natsDir, authFile: path.join(natsDir, 'users.json'), log, serverLog });
  return { ...spawned, url };
}
