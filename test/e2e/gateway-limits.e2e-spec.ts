import { Client } from 'pg';
import { errorCode, randomPhone, SignedUp, TestPlatform } from '@test/support';
import { connection, ME } from './support/accounts';
import { GRAPHQL_RESPONSE_JSON, post } from './support/http';

/** The gateway's limits (operation depth, requests per address and per user) and accounts' login-code limits. */
describe('gateway limits', () => {
  let platform: TestPlatform;
  let db: Client;
  let user: SignedUp;

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['accounts'] });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    user = await platform.signUp('محدود');
  });
  afterAll(async () => {
    await db?.end();
    await platform?.close();
  });

  describe('operation depth', () => {
    let shallow: string;

    beforeAll(async () => {
      shallow = (await platform.startGateway({ MAX_QUERY_DEPTH: '1' })).url;
    });

    it('runs an operation within the limit', async () => {
      const res = await post(shallow, ME, { token: user.token });
      expect(res.body.data.me.id).toBe(user.userId);
    });

    it('refuses an operation deeper than the limit with QUERY_TOO_COMPLEX before running it', async () => {
      const other = await platform.signUp();
      const deep = `mutation($r:String!){ refreshSession(refreshToken:$r){ accessToken user { id } } }`;
      const res = await post(shallow, deep, { variables: { r: other.refreshToken }, accept: GRAPHQL_RESPONSE_JSON });
      expect(res.status).toBe(400);
      expect(errorCode(res.body)).toBe('QUERY_TOO_COMPLEX');
      // Not executed: the refresh token is still unspent.
      const still = await platform.gql(`mutation($r:String!){ refreshSession(refreshToken:$r){ accessToken } }`, { r: other.refreshToken });
      expect(still.errors).toBeUndefined();
    });

    it('counts depth through fragments', async () => {
      const deep = `mutation{ refreshSession(refreshToken:"x"){ ...P } } fragment P on AuthPayload { user { id } }`;
      expect(errorCode((await post(shallow, deep)).body)).toBe('QUERY_TOO_COMPLEX');
    });

    it('applies the same limit over WebSocket', async () => {
      const socket = platform.ws(user.token, shallow);
      try {
        expect(await connection(socket.client)).toBe('connected');
        expect((await socket.request(ME)).data.me.id).toBe(user.userId);
        const deep = await socket.request(`mutation{ refreshSession(refreshToken:"x"){ user { id } } }`);
        expect(errorCode(deep)).toBe('QUERY_TOO_COMPLEX');
      } finally {
        await socket.client.dispose();
      }
    });
  });

  describe('rate limits', () => {
    it('limits per address: past the burst, 429 with RATE_LIMITED, retryAfter and Retry-After', async () => {
      const limited = await platform.startGateway({ RATE_LIMIT_ADDRESS_PER_SECOND: '1', RATE_LIMIT_ADDRESS_BURST: '3' });
      // Sent together, so that no token can refill between them even on a slow machine.
      const results = await Promise.all([1, 2, 3, 4].map(() => post(limited.url, ME, { token: user.token })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 429]);
      const last = results.find((r) => r.status === 429)!;
      expect(errorCode(last.body)).toBe('RATE_LIMITED');
      const retryAfter = last.body.errors![0].extensions!.retryAfter;
      expect(typeof retryAfter).toBe('number');
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(last.headers.get('retry-after')).toBe(String(retryAfter));
      // Anonymous requests from the same address count too.
      expect((await post(limited.url, `mutation{ refreshSession(refreshToken:"x"){ accessToken } }`)).status).toBe(429);
    });

    it('limits per user, leaving other users alone', async () => {
      const limited = await platform.startGateway({ RATE_LIMIT_USER_PER_SECOND: '1', RATE_LIMIT_USER_BURST: '3' });
      const busy = await platform.signUp();
      const results = await Promise.all([1, 2, 3, 4].map(() => post(limited.url, ME, { token: busy.token })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 429]);
      const last = results.find((r) => r.status === 429)!;
      expect(errorCode(last.body)).toBe('RATE_LIMITED');
      expect(typeof last.body.errors![0].extensions!.retryAfter).toBe('number');
      expect(Number(last.headers.get('retry-after'))).toBe(last.body.errors![0].extensions!.retryAfter);
      const calm = await post(limited.url, ME, { token: user.token });
      expect(calm.status).toBe(200);
      expect(calm.body.data.me.id).toBe(user.userId);
    });

    describe('login codes (counted by accounts, platform-wide)', () => {
      const REQUEST = `mutation($p:String!){ requestLoginCode(phone:$p){ phone } }`;

      afterAll(async () => {
        await platform.stopService('accounts');
        await platform.startService('accounts');
      });

      it('limits codes per number per hour', async () => {
        await platform.stopService('accounts');
        await platform.startService('accounts', { LOGIN_CODES_PER_NUMBER_PER_HOUR: '2', LOGIN_CODE_RESEND_SECONDS: '0' });
        const phone = randomPhone();
        expect((await platform.gql(REQUEST, { p: phone })).errors).toBeUndefined();
        expect((await platform.gql(REQUEST, { p: phone })).errors).toBeUndefined();
        const third = await platform.gql(REQUEST, { p: phone });
        expect(errorCode(third)).toBe('RATE_LIMITED');
        expect(third.errors![0].extensions!.retryAfter).toBeGreaterThan(0);
        expect(third.errors![0].extensions!.retryAfter).toBeLessThanOrEqual(3600);
        // Another number is not affected.
        expect((await platform.gql(REQUEST, { p: randomPhone() })).errors).toBeUndefined();
      });

      it('limits codes per client address per hour', async () => {
        await platform.stopService('accounts');
        await platform.startService('accounts', { LOGIN_CODES_PER_ADDRESS_PER_HOUR: '3', LOGIN_CODE_RESEND_SECONDS: '0' });
        await db.query(`DELETE FROM accounts.rate_counters`);
        for (let i = 0; i < 3; i++) expect((await platform.gql(REQUEST, { p: randomPhone() })).errors).toBeUndefined();
        const fourth = await platform.gql(REQUEST, { p: randomPhone() });
        expect(errorCode(fourth)).toBe('RATE_LIMITED');
        expect(fourth.errors![0].extensions!.retryAfter).toBeGreaterThan(0);
      });
    });
  });
});
