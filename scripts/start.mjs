#!/usr/bin/env node
// `npm start`: build, bring up NATS and PostgreSQL (embedded ones unless
// NATS_URL / DATABASE_URL point elsewhere), then run every service as its own
// Node process, restarting any that crash, until Ctrl+C.
//
//   npm start                        all services
//   npm start -- gateway accounts    only the named services (infra always starts)
//
// Reads: DATA_DIR (./data), PORT (4000, for the readiness check), DATABASE_URL,
// NATS_URL, EMBEDDED_PG_PORT (see scripts/stack.mjs); children inherit the rest.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from './build.mjs';
import { ensureNats, ensurePostgres, natsCredentialsEnv, tiedToParent } from './stack.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Start order: the gateway last, so the services it calls are already subscribing.
export const SERVICES = ['accounts', 'messaging', 'payments', 'news', 'media', 'gateway'];

export const serviceCommand = (name) => ({ name, cmd: process.execPath, args: [path.join(root, 'dist/apps', name, 'src/main.js')] });

const WIDTH = Math.max(...SERVICES.map((s) => s.length), 'postgres'.length);
const COLOURS = [36, 35, 33, 32, 34, 96, 95];
const colour = (name) =>
  name === 'stack' || name === 'postgres' || name === 'nats' ? 90 : (COLOURS[SERVICES.indexOf(name) % COLOURS.length] ?? 37);
export function prefix(name, tty = process.stdout.isTTY) {
  const text = `${name.padEnd(WIDTH)} | `;
  return tty ? `\x1b[${colour(name)}m${text}\x1b[0m` : text;
}
const say = (line) => process.stdout.write(`${prefix('stack')}${line}\n`);
const infraLog = (line) => {
  const [, who, rest] = /^(postgres|nats): (.*)$/s.exec(line) ?? [null, 'stack', line];
  process.stdout.write(`${prefix(who)}${rest}\n`);
};

const QUICK_CRASH_MS = 10_000; // dying this soon after start counts as a crash loop
const MAX_QUICK_CRASHES = 5;
const STABLE_MS = 60_000; // after running this long, the backoff starts again at 1 s
const STOP_GRACE_MS = 10_000;

/**
 * Runs and restarts `services` ([{ name, cmd, args }]). onFatal(name) is called
 * when one crash-loops. Returns { stop, kill }; stop() resolves when all are gone.
 */
export function supervise({ services, env = process.env, cwd = root, log = say, onFatal }) {
  const state = services.map((s) => ({ ...s, child: null, exited: null, timer: null, quick: 0, attempts: 0 }));
  let stopping = false;

  function start(s) {
    s.timer = null;
    s.startedAt = Date.now();
    // Not detached: children stay in our process group (see tiedToParent).
    const child = spawn(...tiedToParent(s.cmd, s.args), { cwd, env: { ...env, ...s.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    s.child = child;
    s.exited = new Promise((resolve) => child.once('exit', resolve).once('error', resolve));
    for (const [stream, out] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (l) => out.write(`${prefix(s.name)}${l}\n`));
    }
    child.once('error', (err) => {
      log(`${s.name}: could not start: ${err.message}`);
      crashed(s, child, null, null);
    });
    child.once('exit', (code, signal) => crashed(s, child, code, signal));
  }

  function crashed(s, child, code, signal) {
    if (s.child !== child || child.handled) return;
    child.handled = true;
    s.child = null;
    // A Ctrl+C reaches the children and us at once; let our handler mark the
    // shutdown first so an interrupted child is not reported as a crash.
    setTimeout(() => {
      if (stopping) return;
      const ran = Date.now() - s.startedAt;
      s.quick = ran < QUICK_CRASH_MS ? s.quick + 1 : 0;
      if (ran >= STABLE_MS) s.attempts = 0;
      const how = signal ? `signal ${signal}` : `code ${code}`;
      if (s.quick >= MAX_QUICK_CRASHES) {
        log(`${s.name} exited (${how}) within ${QUICK_CRASH_MS / 1000} s of starting ${s.quick} times in a row; giving up`);
        onFatal?.(s.name);
        return;
      }
      const delay = Math.min(1000 * 2 ** s.attempts++, 30_000);
      log(`${s.name} exited (${how}) after ${(ran / 1000).toFixed(1)} s; restarting in ${delay / 1000} s`);
      s.timer = setTimeout(() => start(s), delay);
    }, 100);
  }

  const live = () => state.filter((s) => s.child);
  const kill = () => {
    for (const s of live()) s.child.kill('SIGKILL');
  };
  // Children must not outlive us even when we exit on an error.
  process.once('exit', kill);

  async function stop() {
    stopping = true;
    for (const s of state)
      if (s.timer) {
        clearTimeout(s.timer);
        s.timer = null;
      }
    const running = live();
    for (const s of running) s.child.kill('SIGTERM');
    const grace = setTimeout(() => {
      const left = live();
      if (left.length) {
        log(`still running after ${STOP_GRACE_MS / 1000} s, killing: ${left.map((s) => s.name).join(', ')}`);
        kill();
      }
    }, STOP_GRACE_MS);
    await Promise.all(running.map((s) => s.exited));
    clearTimeout(grace);
  }

  for (const s of state) start(s);
  return { stop, kill };
}

function newest(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  // src/gql is written by the build itself (codegen), so it says nothing about staleness.
  for (const e of fs.readdirSync(p)) if (e !== 'gql' && e !== 'node_modules') t = Math.max(t, newest(path.join(p, e)));
  return t;
}

/**
 * The web app has its own bundler; rebuild it only when what it is built from
 * changed: its sources and config, or the gateway schema its operations are
 * typed against. The gateway serves apps/web/dist at /.
 */
export function buildWeb() {
  const web = path.join(root, 'apps/web');
  if (!fs.existsSync(path.join(web, 'package.json'))) return;
  const inputs = ['src', 'public', 'index.html', 'vite.config.ts', 'codegen.ts', 'package.json'].map((f) => newest(path.join(web, f)));
  const sources = Math.max(...inputs, newest(path.join(root, 'apps/gateway/schema.gql')));
  const built = newest(path.join(web, 'dist/index.html'));
  if (built && built >= sources) return;
  say('building the web app (apps/web) …');
  const r = spawnSync('npm', ['run', 'build', '--workspace', 'apps/web'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('web build failed');
}

async function waitReady(port, since, isStopping) {
  const url = `http://127.0.0.1:${port}`;
  while (!isStopping()) {
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return say(`platform ready: ${url}/graphql (${((Date.now() - since) / 1000).toFixed(1)} s)`);
    } catch {
      /* not listening yet */
    }
    if (Date.now() - since > 120_000) return say(`${url}/readyz did not answer 200 within 120 s; still running, see the logs above`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function main() {
  const since = Date.now();
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((n) => !SERVICES.includes(n));
  if (unknown.length) {
    console.error(`unknown service(s): ${unknown.join(', ')}; choose from ${SERVICES.join(', ')}`);
    process.exit(2);
  }
  const names = wanted.length ? SERVICES.filter((n) => wanted.includes(n)) : SERVICES;
  const dataDir = path.resolve(process.env.DATA_DIR || './data');
  fs.mkdirSync(dataDir, { recursive: true });

  await build();
  buildWeb();
  const missing = names.map(serviceCommand).filter((s) => !fs.existsSync(s.args[0]));
  if (missing.length) {
    console.error(`not built: ${missing.map((s) => path.relative(root, s.args[0])).join(', ')} (is there an apps/<name>/src/main.ts?)`);
    process.exit(1);
  }

  let supervisor = null;
  let shuttingDown = false;
  let pending = Promise.resolve(); // the infra step in flight, so shutdown can stop what it starts
  const infra = []; // stop functions, in start order
  async function shutdown(code) {
    if (shuttingDown) {
      say('stopping already; killing the services now');
      supervisor?.kill();
      return;
    }
    shuttingDown = true;
    say('stopping…');
    await supervisor?.stop();
    await pending.catch(() => {});
    for (const stop of infra.reverse()) await stop().catch((err) => say(`stop failed: ${err.message}`));
    process.exit(code);
  }
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => shutdown(0));

  const opts = { dataDir, log: infraLog };
  let nats;
  try {
    nats = await (pending = ensureNats(opts));
    infra.push(nats.stop);
    if (!nats.spawned) say(`using NATS at ${nats.url}`);
  } catch (err) {
    if (shuttingDown) return;
    console.error(err.message);
    process.exit(1);
  }
  let db;
  try {
    db = await (pending = ensurePostgres({ ...opts, callerHandlesSignals: true }));
    infra.push(db.stop);
    if (!db.embedded) say('using PostgreSQL at DATABASE_URL');
  } catch (err) {
    if (shuttingDown) return;
    console.error(err.message);
    return shutdown(1);
  }
  if (shuttingDown) return;

  const env = { ...process.env, DATABASE_URL: db.url, NATS_URL: nats.url, DATA_DIR: dataDir };
  // Each process connects to a nats-server we spawned as its own NATS user (scripts/stack/nats-auth.mjs).
  const services = names.map((n) => ({ ...serviceCommand(n), env: natsCredentialsEnv(nats.passwords, n) }));
  supervisor = supervise({ services, env, onFatal: () => shutdown(1) });
  if (names.includes('gateway')) waitReady(process.env.PORT || 4000, since, () => shuttingDown);
  else say(`started ${names.join(', ')} (${((Date.now() - since) / 1000).toFixed(1)} s)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
