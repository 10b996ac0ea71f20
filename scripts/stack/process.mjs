// Small process and port helpers shared by the local stack's parts.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { once } from 'node:events';

export const noop = async () => {};
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function portIsFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const srv = net.createServer().once('error', () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
};
export const procFile = (pid, f) => {
  try {
    return fs.readFileSync(`/proc/${pid}/${f}`, 'utf8');
  } catch {
    return '';
  }
};

// Kill the child: `signal` first, SIGKILL after `ms`. Resolves once it is gone.
export async function terminate(child, signal, ms) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  await exited;
  clearTimeout(timer);
}

export function onPath(bin) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const full = path.join(dir || '.', bin);
    try {
      fs.accessSync(full, fs.constants.X_OK);
      return full;
    } catch {
      /* next */
    }
  }
  return null;
}

// Same process group covers Ctrl+C and `kill -- -<pgid>`; a parent death
// signal (Linux, util-linux setpriv, same PID after exec) also covers our being
// SIGKILLed, which no handler of ours can see.
const setpriv = process.platform === 'linux' ? onPath('setpriv') : null;
export function tiedToParent(cmd, args) {
  return setpriv ? [setpriv, ['--pdeathsig', 'SIGTERM', '--', cmd, ...args]] : [cmd, args];
}
