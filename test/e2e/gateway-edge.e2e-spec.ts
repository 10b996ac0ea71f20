import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { errorCode, randomPhone, SignedUp, TEST_JWT_SECRET, TestPlatform } from '@test/support';
import { http } from './support/http';

const REQUEST_CODE = (phone: string) => `mutation { requestLoginCode(phone: "${phone}") { phone } }`;
const ME = '{ me { id } }';
const STRONG_SECRET = 'kQ9v2Lr7XtZ0bN4mW8sHc1Jp6YdFgE3u-edge-test';

/** The HTTP edge: client addresses behind proxies, what a browser may send cross-site, production's settings, tokens. */
describe('gateway: the edge', () => {
  let platform: TestPlatform;
  let user: SignedUp;

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['accounts'] });
    user = await platform.signUp();
  });
  afterAll(async () => {
    await platform?.close();
  });

  const smsCount = () => (fs.existsSync(platform.outbox) ? fs.readFileSync(platform.outbox, 'utf8').trim().split('\n').length : 0);

  describe('client addresses (TRUST_PROXY)', () => {
    /** Four requests from one client that writes a new X-Forwarded-For each time, through a proxy that appends the real address. */
    async function rotating(url: string, real: string): Promise<number[]> {
      const statuses = await Promise.all(
        [1, 2, 3, 4].map((i) =>
          http(url, { query: { query: '{ __typename }' }, headers: { 'x-forwarded-for': `198.51.100.${i}, ${randomUUID()}, ${real}` } }),
        ),
      );
      return statuses.map((r) => r.status).sort();
    }

    it.each([[''], ['1'], ['127.0.0.1'], ['loopback']])(
      'with TRUST_PROXY=%j, rotating X-Forwarded-For does not escape the per-address limit',
      async (trust) => {
        const gw = await platform.startGateway({ TRUST_PROXY: trust, RATE_LIMIT_ADDRESS_PER_SECOND: '1', RATE_LIMIT_ADDRESS_BURST: '3' });
        expect(await rotating(gw.url, '203.0.113.7')).toEqual([200, 200, 200, 429]);
      },
    );

    it('with a hop count, tells clients apart by the address the proxy added', async () => {
      const gw = await platform.startGateway({ TRUST_PROXY: '1', RATE_LIMIT_ADDRESS_PER_SECOND: '1', RATE_LIMIT_ADDRESS_BURST: '3' });
      expect(await rotating(gw.url, '203.0.113.8')).toEqual([200, 200, 200, 429]);
      const other = await http(gw.url, { query: { query: '{ __typename }' }, headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect(other.status).toBe(200);
    });

    it('refuses TRUST_PROXY=true, which would let clients choose their address', async () => {
      await expect(platform.startGateway({ TRUST_PROXY: 'true' })).rejects.toThrow(/TRUST_PROXY/);
    });
  });

  describe('what a browser may send cross-site', () => {
    it.each([
      ['application/x-www-form-urlencoded', (phone: string) => `query=${encodeURIComponent(REQUEST_CODE(phone))}`],
      ['text/plain', (phone: string) => JSON.stringify({ query: REQUEST_CODE(phone) })],
      [
        'multipart/form-data; boundary=x',
        (phone: string) => `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n${REQUEST_CODE(phone)}\r\n--x--`,
      ],
      ['application/graphql', (phone: string) => REQUEST_CODE(phone)],
    ])('refuses a %s body with 415 and sends no code', async (type, body) => {
      const before = smsCount();
      const res = await http(platform.url, { body: body(randomPhone()), headers: { 'content-type': type, 'x-requested-with': 'x' } });
      expect(res.status).toBe(415);
      expect(errorCode(res.body)).toBe('BAD_USER_INPUT');
      expect(smsCount()).toBe(before);
    });

    it('refuses a mutation without X-Requested-With and sends no code; a query needs none', async () => {
      const before = smsCount();
      const bare = await http(platform.url, {
        body: JSON.stringify({ query: REQUEST_CODE(randomPhone()) }),
        headers: { 'x-requested-with': '' },
      });
      expect(bare.status).toBe(400);
      expect(errorCode(bare.body)).toBe('BAD_USER_INPUT');
      expect(bare.body.errors![0].message).toMatch(/x-requested-with/);
      expect(smsCount()).toBe(before);
      const sent = await http(platform.url, { body: JSON.stringify({ query: REQUEST_CODE(randomPhone()) }) });
      expect(sent.status).toBe(200);
      expect(smsCount()).toBe(before + 1);
      const query = await http(platform.url, {
        body: JSON.stringify({ query: ME }),
        token: user.token,
        headers: { 'x-requested-with': '' },
      });
      expect(query.body.data.me.id).toBe(user.userId);
    });

    it('answers CORS only for configured origins', async () => {
      const preflight = (url: string, origin: string) =>
        fetch(`${url}/graphql`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-requested-with' },
        });
      const gw = await platform.startGateway({ CORS_ORIGINS: 'https://app.example.ir' });
      const allowed = await preflight(gw.url, 'https://app.example.ir');
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.ir');
      expect(allowed.headers.get('access-control-allow-headers')).toMatch(/x-requested-with/);
      const other = await preflight(gw.url, 'https://evil.example');
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      // By default no origin but the gateway's own (no CORS at all).
      const byDefault = await preflight(platform.url, 'https://app.example.ir');
      expect(byDefault.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('sends nosniff and the security headers with every /graphql answer', async () => {
      for (const res of [
        await http(platform.url, { body: JSON.stringify({ query: ME }), token: user.token }),
        await http(platform.url, { body: 'not json' }),
      ]) {
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
        expect(res.headers.get('x-frame-options')).toBe('DENY');
        expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      }
    });
  });

  describe('production', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: STRONG_SECRET };

    it('answers no introspection, keeps __typename, and sends HSTS', async () => {
      const gw = await platform.startGateway({ ...production, METRICS_TOKEN: 'metrics-token-0123456789' });
      const schema = await http(gw.url, { body: JSON.stringify({ query: '{ __schema { types { name } } }' }) });
      expect(errorCode(schema.body)).toBe('BAD_USER_INPUT');
      expect(schema.body.data).toBeUndefined();
      expect(errorCode((await http(gw.url, { body: JSON.stringify({ query: '{ __type(name: "User") { name } }' }) })).body)).toBe(
        'BAD_USER_INPUT',
      );
      const typename = await http(gw.url, { body: JSON.stringify({ query: '{ __typename }' }) });
      expect(typename.body.data).toEqual({ __typename: 'Query' });
      expect(typename.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      // Outside production introspection stays on (the contract check reads it).
      expect((await http(platform.url, { body: JSON.stringify({ query: '{ __type(name: "User") { name } }' }) })).body.data).toEqual({
        __type: { name: 'User' },
      });
    });

    it('serves /metrics only with METRICS_TOKEN, and not at all without one', async () => {
      const gw = await platform.startGateway({ ...production, METRICS_TOKEN: 'metrics-token-0123456789' });
      expect((await fetch(`${gw.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${gw.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789ab' } })).status).toBe(401);
      const ok = await fetch(`${gw.url}/metrics`, { headers: { authorization: 'Bearer metrics-token-0123456789' } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toMatch(/^# HELP/m);
      const none = await platform.startGateway(production);
      expect((await fetch(`${none.url}/metrics`)).status).toBe(404);
    });

    it('refuses to start with a JWT_SECRET of too little entropy', async () => {
      await expect(platform.startGateway({ JWT_SECRET: 'a'.repeat(32) })).rejects.toThrow(/too predictable/);
      await expect(platform.startGateway({ ...production, JWT_SECRET: 'password'.repeat(4) })).rejects.toThrow(/too predictable/);
    });
  });

  describe('tokens', () => {
    const sign = (claims: { exp?: number }) => {
      const jwt = new SignJWT({ sid: user.sessionId }).setProtectedHeader({ alg: 'HS256' }).setSubject(user.userId).setIssuedAt();
      if (claims.exp) jwt.setExpirationTime(claims.exp);
      return jwt.sign(new TextEncoder().encode(TEST_JWT_SECRET));
    };

    it('refuses a well-signed token without exp', async () => {
      const res = await platform.gql(ME, undefined, await sign({}));
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
      const withExp = await platform.gql(ME, undefined, await sign({ exp: Math.floor(Date.now() / 1000) + 60 }));
      expect(withExp.data.me.id).toBe(user.userId);
    });
  });
});
