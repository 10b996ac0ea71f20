import { Client } from 'pg';
import { errorCode, SignedUp, TestPlatform } from '@test/support';
import { ME } from './support/accounts';
import { GRAPHQL_RESPONSE_JSON, http, post } from './support/http';

describe('gateway over HTTP', () => {
  let platform: TestPlatform;
  let db: Client;
  let user: SignedUp;

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['accounts'] });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    user = await platform.signUp('درگاه');
  });
  afterAll(async () => {
    await db?.end();
    await platform?.close();
  });

  describe('GET', () => {
    it('runs a query given in the URL', async () => {
      const res = await http(platform.url, { query: { query: '{me{id}}' }, token: user.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ data: { me: { id: user.userId } } });
    });

    it('takes variables and operationName from the URL', async () => {
      const res = await http(platform.url, {
        query: {
          query: 'query A($id:ID){ user(id:$id){ id } } query B { me { displayName } }',
          variables: JSON.stringify({ id: user.userId }),
          operationName: 'A',
        },
        token: user.token,
      });
      expect(res.body).toEqual({ data: { user: { id: user.userId } } });
    });

    it('refuses without a token with UNAUTHENTICATED', async () => {
      const res = await http(platform.url, { query: { query: '{me{id}}' } });
      expect(res.status).toBe(200);
      expect(errorCode(res.body)).toBe('UNAUTHENTICATED');
    });

    it.each([undefined, 'application/json', GRAPHQL_RESPONSE_JSON])(
      'refuses a mutation with 405 and a clear error, changing nothing (Accept %s)',
      async (accept) => {
        const res = await http(platform.url, {
          query: { query: 'mutation{ updateProfile(input:{bio:"via GET"}){ id } }' },
          token: user.token,
          headers: accept ? { accept } : {},
        });
        expect(res.status).toBe(405);
        expect(res.headers.get('allow')).toBe('POST');
        expect(errorCode(res.body)).toBe('BAD_USER_INPUT');
        expect(res.body.errors![0].message).toMatch(/POST/);
        expect((await platform.gql(`{ me { bio } }`, {}, user.token)).data.me.bio).not.toBe('via GET');
      },
    );

    it("refuses variables that are not JSON as the client's error, not an internal one", async () => {
      const res = await http(platform.url, {
        query: { query: 'query($id:ID){ user(id:$id){ id } }', variables: '{not json' },
        token: user.token,
      });
      expect(res.status).toBe(400);
      expect(errorCode(res.body)).toBe('BAD_USER_INPUT');
    });

    it.each([undefined, 'application/json', GRAPHQL_RESPONSE_JSON])(
      'refuses a request without a query with 400 (Accept %s)',
      async (accept) => {
        const res = await http(platform.url, { query: {}, token: user.token, headers: accept ? { accept } : {} });
        expect(res.status).toBe(400);
        expect(errorCode(res.body)).toBe('BAD_USER_INPUT');
      },
    );
  });

  describe('media types and status codes', () => {
    it('answers application/graphql-response+json to clients that accept it', async () => {
      const res = await post(platform.url, ME, { token: user.token, accept: GRAPHQL_RESPONSE_JSON });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
      expect(res.body.data.me.id).toBe(user.userId);
    });

    it('answers application/json to legacy clients', async () => {
      const res = await post(platform.url, ME, { token: user.token, accept: 'application/json' });
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    });

    it.each([
      ['a syntax error', '{ me { id '],
      ['an unknown field', '{ me { nope } }'],
      ['a missing argument', 'mutation{ revokeSession { ok } }'],
      ['an unknown fragment', '{ me { ...Missing } }'],
      ['a fragment cycle', 'query { me { ...A } } fragment A on User { id ...B } fragment B on User { ...A }'],
    ])('answers %s with 400 under graphql-response+json and 200 under application/json, both BAD_USER_INPUT', async (_name, query) => {
      const modern = await post(platform.url, query, { token: user.token, accept: GRAPHQL_RESPONSE_JSON });
      expect(modern.status).toBe(400);
      expect(modern.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
      expect(modern.body.data).toBeUndefined();
      expect(modern.body.errors!.length).toBeGreaterThan(0);
      expect(modern.body.errors!.every((e) => e.extensions?.code === 'BAD_USER_INPUT')).toBe(true);

      const legacy = await post(platform.url, query, { token: user.token, accept: 'application/json' });
      expect(legacy.status).toBe(200);
      expect(errorCode(legacy.body)).toBe('BAD_USER_INPUT');
    });

    it.each([
      ['of the wrong type', 'query($f:Int){ searchUsers(query:"x", first:$f){ id } }', { f: 'ten' }],
      ['missing though required', 'query($q:String!){ searchUsers(query:$q){ id } }', {}],
      ['of an unknown input field', 'mutation($i:UpdateProfileInput!){ updateProfile(input:$i){ id } }', { i: { nickname: 'x' } }],
    ])(
      'answers variables %s with BAD_USER_INPUT (400 under graphql-response+json, 200 under application/json)',
      async (_name, query, variables) => {
        const modern = await post(platform.url, query, { token: user.token, accept: GRAPHQL_RESPONSE_JSON, variables });
        expect(modern.status).toBe(400);
        expect(errorCode(modern.body)).toBe('BAD_USER_INPUT');
        expect(modern.body.errors![0].message).toMatch(/^Variable "\$/);
        const legacy = await post(platform.url, query, { token: user.token, accept: 'application/json', variables });
        expect(legacy.status).toBe(200);
        expect(errorCode(legacy.body)).toBe('BAD_USER_INPUT');
      },
    );

    it('answers an executed operation with 200 even when it failed (data present)', async () => {
      const res = await post(platform.url, ME, { accept: GRAPHQL_RESPONSE_JSON });
      expect(res.status).toBe(200);
      expect(res.body.data).toBeNull();
      expect(errorCode(res.body)).toBe('UNAUTHENTICATED');
    });

    it('refuses a body over 1 MiB with 413, and keeps serving', async () => {
      const big = JSON.stringify({ query: ME, variables: { pad: 'x'.repeat(1024 * 1024 + 10) } });
      const res = await http(platform.url, { body: big, token: user.token });
      expect(res.status).toBe(413);
      expect(errorCode(res.body)).toBe('BAD_USER_INPUT');
      const after = await post(platform.url, ME, { token: user.token });
      expect(after.body.data.me.id).toBe(user.userId);
    });

    it.each([['{}'], ['{"query": {"a": 1}}'], ['{"variables": {}}']])(
      'refuses the body %s, which has no query string, with 400 under either media type',
      async (body) => {
        for (const accept of ['application/json', GRAPHQL_RESPONSE_JSON]) {
          const res = await http(platform.url, { body, token: user.token, headers: { accept } });
          expect(res.status).toBe(400);
          expect(errorCode(res.body)).toBe('BAD_USER_INPUT');
        }
      },
    );

    it('refuses a body that is not JSON with 400', async () => {
      const res = await http(platform.url, { body: '{"query": "{ me { id } }"', token: user.token });
      expect(res.status).toBe(400);
      expect(errorCode(res.body)).toBe('BAD_USER_INPUT');
    });
  });

  describe('errors never leak internals', () => {
    beforeAll(async () => {
      // A fault inside accounts' SQL, with a message that must never reach a client.
      await db.query(`
        CREATE FUNCTION accounts.explode() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'secret-internal-detail in table users'; END $$`);
      await db.query(
        `CREATE TRIGGER explode BEFORE UPDATE ON accounts.users FOR EACH ROW WHEN (NEW.bio = 'boom') EXECUTE FUNCTION accounts.explode()`,
      );
    });
    afterAll(async () => {
      await db.query(`DROP TRIGGER explode ON accounts.users; DROP FUNCTION accounts.explode()`);
    });

    it('answers INTERNAL with only "Internal error (<id>)" and the errorId', async () => {
      const res = await post(platform.url, `mutation{ updateProfile(input:{bio:"boom"}){ id } }`, { token: user.token });
      expect(res.status).toBe(200);
      expect(res.body.data).toBeNull();
      expect(res.body.errors).toHaveLength(1);
      const [error] = res.body.errors!;
      expect(error.extensions!.code).toBe('INTERNAL');
      expect(error.extensions!.errorId).toMatch(/^[0-9a-f-]{36}$/);
      expect(error.message).toBe(`Internal error (${error.extensions!.errorId})`);
      expect(Object.keys(error.extensions!).sort()).toEqual(['code', 'errorId']);
      const raw = JSON.stringify(res.body);
      for (const leak of ['secret-internal-detail', 'users', 'stack', 'plpgsql', 'QueryFailedError', 'at '])
        expect(raw).not.toContain(leak);
      expect((await platform.gql(`{ me { bio } }`, {}, user.token)).data.me.bio).not.toBe('boom');
    });
  });

  describe('correlation id', () => {
    it('gives every response an x-correlation-id', async () => {
      const [a, b] = await Promise.all([
        post(platform.url, ME, { token: user.token }),
        http(platform.url.replace(/$/, ''), { query: { query: '{me{id}}' } }),
      ]);
      expect(a.headers.get('x-correlation-id')).toMatch(/^[\w.:-]{8,128}$/);
      expect(b.headers.get('x-correlation-id')).toMatch(/^[\w.:-]{8,128}$/);
      expect(a.headers.get('x-correlation-id')).not.toBe(b.headers.get('x-correlation-id'));
      const health = await fetch(`${platform.url}/healthz`);
      expect(health.headers.get('x-correlation-id')).toMatch(/^[\w.:-]{8,128}$/);
    });

    it('echoes a valid given id and replaces an invalid one', async () => {
      const given = 'test-corr-id.0123:abc';
      const echoed = await http(platform.url, {
        body: JSON.stringify({ query: ME }),
        token: user.token,
        headers: { 'x-correlation-id': given },
      });
      expect(echoed.headers.get('x-correlation-id')).toBe(given);
      for (const bad of ['short', 'has spaces in it', 'x'.repeat(129), 'inject\u00e9\u00e9\u00e9']) {
        const res = await http(platform.url, {
          body: JSON.stringify({ query: ME }),
          token: user.token,
          headers: { 'x-correlation-id': bad },
        });
        expect(res.headers.get('x-correlation-id')).not.toBe(bad);
        expect(res.headers.get('x-correlation-id')).toMatch(/^[\w.:-]{8,128}$/);
      }
    });
  });

  describe('metrics', () => {
    it('exposes Prometheus text with the operations run and the NATS subjects asked', async () => {
      expect((await post(platform.url, `{ sessions { id } }`, { token: user.token })).status).toBe(200);
      const res = await fetch(`${platform.url}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await res.text();
      expect(text).toMatch(/^# TYPE graphql_requests_total counter$/m);
      expect(text).toMatch(/^graphql_requests_total\{[^}]*operation="query:sessions"[^}]*\} [1-9]\d*$/m);
      expect(text).toMatch(/^# TYPE nats_request_duration_seconds histogram$/m);
      expect(text).toMatch(/^nats_request_duration_seconds_count\{[^}]*subject="accounts\.session\.list\.v1"[^}]*\} [1-9]\d*$/m);
      expect(text).toMatch(/^nats_request_duration_seconds_count\{[^}]*subject="accounts\.session\.validate\.v1"[^}]*\} [1-9]\d*$/m);
    });
  });

  it('answers /healthz with 200', async () => {
    const res = await fetch(`${platform.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});
