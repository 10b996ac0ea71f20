// NATS users and permissions, one user per process kind, from
// libs/contracts/nats-permissions.json: the same rules for `npm start`, the
// tests' nats-server and deploy/ (whose config names the passwords as
// $NATS_<USER>_PASSWORD, read by nats-server from its environment).
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const NATS_PERMISSIONS = JSON.parse(fs.readFileSync(path.join(root, 'libs/contracts/nats-permissions.json'), 'utf8'));

/** Every NATS user: the gateway and each service. */
export const natsUsers = () => [NATS_PERMISSIONS.gateway, ...Object.keys(NATS_PERMISSIONS.services)];

/** What a user may publish and subscribe to. */
export function natsPermissions(user) {
  const services = Object.keys(NATS_PERMISSIONS.services);
  // $JS.FC.>: an ordered consumer (ObjectStore.get) answers the server's flow-control requests there, past a few MB.
  const jetstream = ['$JS.API.>', '$JS.ACK.>', '$JS.FC.>', '$KV.>', '$O.>'];
  if (user === NATS_PERMISSIONS.gateway) {
    // Requests to every service, JetStream (key-value, object store), and the services' live subjects.
    return {
      publish: { allow: [...services.map((s) => `${s}.>`), ...jetstream, `_INBOX_${user}.>`] },
      subscribe: { allow: [...services.map((s) => `${s}.>`), `_INBOX_${user}.>`, '$KV.>', '$O.>'] },
    };
  }
  const own = NATS_PERMISSIONS.services[user];
  if (!own) throw new Error(`no NATS permissions for "${user}": add it to libs/contracts/nats-permissions.json`);
  return {
    publish: { allow: [`${user}.>`, ...own.calls, ...jetstream, 'deadletter.>'] },
    subscribe: { allow: [`${user}.>`, `_INBOX_${user}.>`] },
    allowResponses: true,
  };
}

const list = (items) => `[${items.map((s) => JSON.stringify(s)).join(', ')}]`;

/**
 * nats-server's authorization block. `password(user)` gives each user's
 * password as it should appear in the file: a quoted literal, or `$VAR` for
 * one nats-server reads from its environment. `noAuthUser` binds clients
 * that bring no credentials (development tools, tests) to a user that may do
 * anything; deploy/ has none.
 */
export function natsAuthorization({ password, noAuthUser }) {
  const users = natsUsers().map((user) => {
    const p = natsPermissions(user);
    const parts = [`publish: { allow: ${list(p.publish.allow)} }`, `subscribe: { allow: ${list(p.subscribe.allow)} }`];
    if (p.allowResponses) parts.push('allow_responses: true');
    return `    { user: ${JSON.stringify(user)}, password: ${password(user)}, permissions: { ${parts.join(', ')} } }`;
  });
  if (noAuthUser) users.push(`    { user: ${JSON.stringify(noAuthUser.user)}, password: ${JSON.stringify(noAuthUser.password)} }`);
  return [
    'authorization {',
    '  users: [',
    ...users,
    '  ]',
    '}',
    ...(noAuthUser ? [`no_auth_user: ${JSON.stringify(noAuthUser.user)}`] : []),
  ].join('\n');
}

/**
 * Passwords for a local nats-server (`npm start`, tests), generated once into
 * `file` and reused; returns { [user]: password } and the config block.
 */
export function localNatsAuth(file) {
  let passwords = {};
  try {
    passwords = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    /* first start */
  }
  let changed = false;
  for (const user of [...natsUsers(), 'dev']) {
    if (!passwords[user]) {
      passwords[user] = randomBytes(18).toString('base64url');
      changed = true;
    }
  }
  if (changed) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(passwords, null, 2), { mode: 0o600 });
  }
  const config = natsAuthorization({
    password: (user) => JSON.stringify(passwords[user]),
    noAuthUser: { user: 'dev', password: passwords.dev },
  });
  return { passwords, config };
}

/** The environment that makes a process of `user` connect as it. */
export const natsCredentialsEnv = (passwords, user) => (passwords?.[user] ? { NATS_USER: user, NATS_PASSWORD: passwords[user] } : {});
