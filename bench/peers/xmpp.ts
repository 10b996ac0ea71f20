// ejabberd through its own protocol (XMPP over TCP on loopback, Nagle off as
// any chat client has it): user u(2p+1) sends to u(2p+2) as a `chat` message,
// which ejabberd archives in PostgreSQL (mod_mam) and routes to the receiver.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import net from 'node:net';
import type { XmppClient } from '@xmpp/client';
import { Peer } from './harness';

export const XMPP_DOMAIN = process.env.BENCH_XMPP_DOMAIN ?? 'bench.local';
const XMPP_PORT = 5222;

/** How to get the peer when it is missing (Debian, as root), printed when the bench skips it. */
export const INSTALL_EJABBERD = `ejabberd is not listening on 127.0.0.1:${XMPP_PORT}; its rows are skipped. To install it (Debian, as root):
  apt-get install -y ejabberd erlang-p1-pgsql
  psql -h 127.0.0.1 -U postgres -c "create role ejabberd login password 'ejabberd'" -c "create database ejabberd owner ejabberd"
  PGPASSWORD=ejabberd psql -h 127.0.0.1 -U ejabberd ejabberd -q -f "$(dpkg -L ejabberd | grep '/sql/pg.sql$')"
  then put the peers' ejabberd.yml (loopback only, no TLS, shapers off, plain auth, mod_mam in PostgreSQL, host ${XMPP_DOMAIN})
  in /etc/ejabberd/ejabberd.yml and run: ejabberdctl start
The bench registers its users (u1…u40, password pw<n>) itself.`;

export function ejabberdListening(): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net
      .connect(XMPP_PORT, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      })
      .on('error', () => resolve(false));
  });
}

/** Registers those of u1…u<n> not registered yet (one ejabberdctl call to list them, one per missing user). */
export async function registerUsers(n: number): Promise<void> {
  const run = promisify(execFile);
  const { stdout } = await run('ejabberdctl', ['registered_users', XMPP_DOMAIN]);
  const known = new Set(stdout.split('\n').map((u) => u.trim()));
  for (let i = 1; i <= n; i++) {
    if (!known.has(`u${i}`)) await run('ejabberdctl', ['register', `u${i}`, XMPP_DOMAIN, `pw${i}`]);
  }
}

export class XmppPeer implements Peer {
  readonly name = 'ejabberd';
  private conns: [XmppClient, XmppClient][] = [];
  private xml!: typeof import('@xmpp/client').xml;

  async open(pairs: number, deliver: (pair: number, text: string) => void): Promise<void> {
    const lib = await import('@xmpp/client');
    this.xml = lib.xml;
    const connect = async (i: number) => {
      const c = lib.client({
        service: `xmpp://127.0.0.1:${XMPP_PORT}`,
        domain: XMPP_DOMAIN,
        username: `u${i}`,
        password: `pw${i}`,
        resource: 'bench',
      });
      c.on('error', () => undefined);
      await c.start();
      c.socket?.setNoDelay(true);
      await c.send(lib.xml('presence'));
      return c;
    };
    for (let p = 0; p < pairs; p++) {
      const pair: [XmppClient, XmppClient] = [await connect(2 * p + 1), await connect(2 * p + 2)];
      pair[1].on('stanza', (stanza) => {
        if (!stanza.is('message')) return;
        const body = stanza.getChildText('body');
        if (body !== null) deliver(p, body);
      });
      this.conns.push(pair);
    }
  }

  send(pair: number, text: string, fail: (reason: unknown) => void): void {
    const to = `u${2 * pair + 2}@${XMPP_DOMAIN}`;
    this.conns[pair][0].send(this.xml('message', { to, type: 'chat' }, this.xml('body', {}, text))).catch(fail);
  }

  async close(): Promise<void> {
    for (const [s, r] of this.conns) {
      await s.stop().catch(() => undefined);
      await r.stop().catch(() => undefined);
    }
  }
}
