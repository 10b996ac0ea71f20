import net from 'node:net';
import { errorCode, randomPhone, TestPlatform } from '@test/support';
import { eventually } from './support/accounts';

const REQUEST = `mutation($p:String!){ requestLoginCode(phone:$p){ phone } }`;

interface Readiness {
  status: 'ok' | 'degraded' | 'unavailable';
  services: Record<string, string>;
  down?: string[];
}

async function readyz(url: string): Promise<{ status: number; body: Readiness }> {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: (await res.json()) as Readiness };
}

/** A TCP proxy to NATS that a test can cut and restore, to see what the gateway does while NATS is unreachable. */
class CuttableProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    if (this.server?.listening) return;
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server!.address() as net.AddressInfo).port;
  }

  async cut(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    if (this.server?.listening) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

/** /healthz, /readyz and what clients see while a service is down; the whole platform runs here. */
describe('gateway health', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await TestPlatform.start();
  });
  afterAll(async () => {
    await platform?.close();
  });

  it('answers /healthz with 200', async () => {
    const res = await fetch(`${platform.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz with 200 while NATS and every service answer', async () => {
    const res = await readyz(platform.url);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      services: { nats: 'up', accounts: 'up', messaging: 'up', payments: 'up', news: 'up', media: 'up' },
    });
  });

  describe('while accounts is down', () => {
    it('stays ready (200, degraded, naming accounts) and answers its operations with SERVICE_UNAVAILABLE until it is back', async () => {
      const user = await platform.signUp();
      await platform.stopService('accounts');
      try {
        const res = await readyz(platform.url);
        expect(res.status).toBe(200);
        expect(res.body.status).toBe('degraded');
        expect(res.body.down).toEqual(['accounts']);
        expect(res.body.services).toMatchObject({ nats: 'up', accounts: 'down', messaging: 'up' });

        const code = await platform.gql(REQUEST, { p: randomPhone() });
        expect(errorCode(code)).toBe('SERVICE_UNAVAILABLE');
        expect(code.errors![0].message).toMatch(/accounts/);
        expect(errorCode(await platform.gql(`{ me { id } }`, {}, user.token))).toBe('SERVICE_UNAVAILABLE');
      } finally {
        await platform.startService('accounts');
      }
      expect((await readyz(platform.url)).status).toBe(200);
      const phone = randomPhone();
      const again = await platform.gql(REQUEST, { p: phone });
      expect(again.errors).toBeUndefined();
      expect(again.data.requestLoginCode.phone).toBe(`+98${phone.slice(1)}`);
      expect((await platform.gql(`{ me { id } }`, {}, user.token)).data.me.id).toBe(user.userId);
    });

    it('fails fast with SERVICE_UNAVAILABLE on a gateway with a short RPC timeout when accounts does not answer', async () => {
      const quick = await platform.startGateway({ RPC_TIMEOUT_MS: '300' });
      await platform.stopService('accounts');
      try {
        const res = await platform.gql(REQUEST, { p: randomPhone() }, undefined, quick.url);
        expect(errorCode(res)).toBe('SERVICE_UNAVAILABLE');
      } finally {
        await platform.startService('accounts');
      }
      // Back through the default gateway: a 300 ms timeout may be too short for a freshly started service on a busy machine.
      expect((await platform.gql(REQUEST, { p: randomPhone() })).errors).toBeUndefined();
    });
  });

  it("while news is down, answers news's operations with SERVICE_UNAVAILABLE and accounts's as usual, on a ready gateway", async () => {
    const user = await platform.signUp();
    await platform.stopService('news');
    try {
      const res = await readyz(platform.url);
      expect([res.status, res.body.status, res.body.down]).toEqual([200, 'degraded', ['news']]);
      expect(errorCode(await platform.gql(`{ channels(first: 1) { edges { cursor } } }`, {}, user.token))).toBe('SERVICE_UNAVAILABLE');
      const code = await platform.gql(REQUEST, { p: randomPhone() });
      expect(code.errors).toBeUndefined();
      expect((await platform.gql(`{ me { id } }`, {}, user.token)).data.me.id).toBe(user.userId);
    } finally {
      await platform.startService('news');
    }
    expect((await readyz(platform.url)).body.status).toBe('ok');
  });

  describe('while NATS is unreachable', () => {
    it('answers /readyz with 503 naming nats, and 200 again once the gateway has reconnected', async () => {
      const nats = new URL((process.env.NATS_URL ?? 'nats://127.0.0.1:4222').split(',')[0]);
      const proxy = new CuttableProxy({ host: nats.hostname, port: Number(nats.port) });
      await proxy.open();
      const gateway = await platform.startGateway({ NATS_URL: `nats://127.0.0.1:${proxy.port}` });
      try {
        expect((await readyz(gateway.url)).status).toBe(200);

        await proxy.cut();
        const res = await readyz(gateway.url);
        expect(res.status).toBe(503);
        expect(res.body.down).toEqual(expect.arrayContaining(['nats', 'accounts', 'messaging', 'payments', 'news']));
        expect(res.body.services.nats).toBe('down');
        // The process itself is alive.
        expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);

        await proxy.open();
        expect(await eventually(async () => (await readyz(gateway.url)).status === 200, 15_000, 250)).toBe(true);
      } finally {
        // Closed here, while NATS is reachable again, and before the proxy that it connects through.
        await proxy.open().catch(() => undefined);
        platform.gateways.splice(platform.gateways.indexOf(gateway), 1);
        await gateway.close();
        await proxy.cut();
      }
    });
  });
});
