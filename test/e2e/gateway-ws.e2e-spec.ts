import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { errorCode, SignedUp, TestPlatform } from '@test/support';
import { connection, craftToken, ME, quietExpectedCloses, signInAgain, within } from './support/accounts';

/** GraphQL over WebSocket (graphql-transport-ws): authentication at connection_init and the per-user connection limit. */
describe('gateway over WebSocket', () => {
  let platform: TestPlatform;
  let user: SignedUp;

  beforeAll(async () => {
    quietExpectedCloses();
    platform = await TestPlatform.start({
      services: ['accounts'],
      env: { LOGIN_CODE_RESEND_SECONDS: '0', LOGIN_CODES_PER_NUMBER_PER_HOUR: '1000' },
    });
    user = await platform.signUp('وب‌سوکت');
  });
  afterAll(async () => {
    await platform?.close();
  });

  /** A graphql-ws client sending exactly these connection_init params (platform.ws always adds "Bearer "). */
  function clientWith(connectionParams: Record<string, unknown> | undefined) {
    return createClient({
      url: platform.url.replace(/^http/, 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      connectionParams,
      retryAttempts: 0,
      lazy: false,
      // The refusal is what these tests expect: keep graphql-ws from logging it.
      onNonLazyError: () => undefined,
    });
  }

  /** What the client sees: acknowledged, or the close code. */
  async function outcomeFor(connectionParams: Record<string, unknown> | undefined): Promise<'connected' | number | 'still open'> {
    const client = clientWith(connectionParams);
    try {
      return await within(connection(client), 5000, 'still open' as const);
    } finally {
      await client.dispose();
    }
  }

  describe('authentication at connection_init', () => {
    /** What a platform.ws client sees (it sends `Bearer <token>`, or no payload for null). */
    async function platformOutcome(token: string | null): Promise<'connected' | number | 'still open'> {
      const socket = platform.ws(token);
      try {
        const state = await within(connection(socket.client), 5000, 'still open' as const);
        if (typeof state === 'number') expect(await socket.closed).toBe(state);
        return state;
      } finally {
        await socket.client.dispose();
      }
    }

    it('closes with 4401 when no token is given', async () => {
      expect(await platformOutcome(null)).toBe(4401);
    });

    it('closes with 4401 for a garbage token', async () => {
      expect(await platformOutcome('not.a.jwt')).toBe(4401);
    });

    it.each([
      ['an empty payload', {}],
      ['an empty authorization', { authorization: '' }],
      ['an authorization that is not a string', { authorization: 42 }],
      ['a token without its scheme', { authorization: 'abc' }],
      ['a Basic credential', { authorization: 'Basic dXNlcjpwYXNz' }],
    ])('closes with 4401 for %s', async (_name, params) => {
      expect(await outcomeFor(params)).toBe(4401);
    });

    it('closes with 4401 for an expired token, which HTTP refuses with UNAUTHENTICATED', async () => {
      const expired = await craftToken(user.userId, user.sessionId, Math.floor(Date.now() / 1000) - 60);
      expect(await platformOutcome(expired)).toBe(4401);
      const http = await platform.gql(ME, {}, expired);
      expect(errorCode(http)).toBe('UNAUTHENTICATED');
      expect(http.errors![0].message).toMatch(/expired/);
    });

    it('closes with 4401 for a token signed with another key', async () => {
      const { SignJWT } = await import('jose');
      const forged = await new SignJWT({ sid: user.sessionId })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(user.userId)
        .setExpirationTime('10m')
        .sign(new TextEncoder().encode('another-secret-another-secret-another-secret'));
      expect(await platformOutcome(forged)).toBe(4401);
    });

    it('closes with 4401 for a well-signed token of a session that was signed out', async () => {
      const session = await signInAgain(platform, user.phone);
      expect((await platform.gql(`mutation{ signOut }`, {}, session.token)).data.signOut).toBe(true);
      expect(await platformOutcome(session.token)).toBe(4401);
    });

    it('runs queries and mutations for a good token', async () => {
      const socket = platform.ws(user.token);
      try {
        expect(await connection(socket.client)).toBe('connected');
        const me = await socket.request(`{ me { id displayName phone } }`);
        expect(me.errors).toBeUndefined();
        expect(me.data.me).toEqual({ id: user.userId, displayName: user.displayName, phone: user.phone });

        const updated = await socket.request(`mutation($b:String){ updateProfile(input:{bio:$b}){ id bio } }`, { b: 'از  وب‌سوکت' });
        expect(updated.errors).toBeUndefined();
        expect(updated.data.updateProfile).toEqual({ id: user.userId, bio: 'از وب‌سوکت' });
        expect((await platform.gql(`{ me { bio } }`, {}, user.token)).data.me.bio).toBe('از وب‌سوکت');
      } finally {
        await socket.client.dispose();
      }
    });

    it('answers operation errors with the contract codes over the socket', async () => {
      const socket = platform.ws(user.token);
      try {
        expect(await connection(socket.client)).toBe('connected');
        const bad = await socket.request(`{ me { id `);
        expect(errorCode(bad)).toBe('BAD_USER_INPUT');
        const unknown = await socket.request(`{ nothingHere }`);
        expect(errorCode(unknown)).toBe('BAD_USER_INPUT');
        const badVariable = await socket.request(`query($f:Int){ searchUsers(query:"x", first:$f){ id } }`, { f: 'ten' });
        expect(errorCode(badVariable)).toBe('BAD_USER_INPUT');
        const domain = await socket.request(`mutation{ blockUser(userId:"${user.userId}"){ id } }`);
        expect(errorCode(domain)).toBe('BAD_USER_INPUT');
      } finally {
        await socket.client.dispose();
      }
    });
  });

  describe('the same operation sent again', () => {
    // The gateway parses and validates a query text once and keeps the result:
    // each sending must still run with its own variables and keep its errors.
    it("runs with each sending's own variables, and refuses a bad one every time", async () => {
      const socket = platform.ws(user.token);
      try {
        expect(await connection(socket.client)).toBe('connected');
        const SET_BIO = `mutation($b:String){ updateProfile(input:{bio:$b}){ bio } }`;
        for (const bio of ['یک', 'دو', 'سه']) {
          expect((await socket.request(SET_BIO, { b: bio })).data.updateProfile.bio).toBe(bio);
        }
        for (let i = 0; i < 2; i++) {
          expect(errorCode(await socket.request(`{ nothingHere }`))).toBe('BAD_USER_INPUT');
          expect(errorCode(await socket.request(`{ me { id `))).toBe('BAD_USER_INPUT');
          expect(errorCode(await socket.request(`query($f:Int){ searchUsers(query:"x", first:$f){ id } }`, { f: 'ten' }))).toBe(
            'BAD_USER_INPUT',
          );
        }
        const fine = await socket.request(`query($f:Int){ searchUsers(query:"x", first:$f){ id } }`, { f: 5 });
        expect(fine.errors).toBeUndefined();
      } finally {
        await socket.client.dispose();
      }
    });
  });

  describe('connections per user', () => {
    let gatewayUrl: string;

    beforeAll(async () => {
      gatewayUrl = (await platform.startGateway({ WS_MAX_CONNECTIONS_PER_USER: '3' })).url;
    });

    it('refuses the connection past the limit with 4429 and accepts one again once a socket closes', async () => {
      const owner = await platform.signUp();
      const sockets = [1, 2, 3].map(() => platform.ws(owner.token, gatewayUrl));
      const extra: Array<ReturnType<TestPlatform['ws']>> = [];
      try {
        expect(await Promise.all(sockets.map((s) => connection(s.client)))).toEqual(['connected', 'connected', 'connected']);
        const fourth = platform.ws(owner.token, gatewayUrl);
        extra.push(fourth);
        expect(await within(connection(fourth.client), 5000, 'still open')).toBe(4429);

        // Another user is not affected by this one's count.
        const someoneElse = platform.ws(user.token, gatewayUrl);
        extra.push(someoneElse);
        expect(await connection(someoneElse.client)).toBe('connected');

        await sockets[0].client.dispose();
        expect(await sockets[0].closed).toBe(1000);
        const again = platform.ws(owner.token, gatewayUrl);
        extra.push(again);
        // The server may see the close a moment after the client: retry briefly.
        let state = await connection(again.client);
        for (let i = 0; i < 10 && state !== 'connected'; i++) {
          await new Promise((r) => setTimeout(r, 100));
          const retry = platform.ws(owner.token, gatewayUrl);
          extra.push(retry);
          state = await connection(retry.client);
        }
        expect(state).toBe('connected');
      } finally {
        await Promise.all([...sockets, ...extra].map((s) => s.client.dispose()));
      }
    });

    it('does not count sockets that went away while their connection_init was being checked', async () => {
      const owner = await platform.signUp();
      // Fresh sessions, so that each check asks accounts and the socket can close meanwhile.
      for (let i = 0; i < 4; i++) {
        const session = await signInAgain(platform, owner.phone);
        const raw = new WebSocket(gatewayUrl.replace(/^http/, 'ws') + '/graphql', 'graphql-transport-ws');
        await new Promise<void>((resolve, reject) => {
          raw.once('open', () => resolve());
          raw.once('error', reject);
        });
        raw.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${session.token}` } }));
        raw.terminate();
      }
      await new Promise((r) => setTimeout(r, 500));
      const sockets = [1, 2, 3].map(() => platform.ws(owner.token, gatewayUrl));
      try {
        expect(await Promise.all(sockets.map((s) => within(connection(s.client), 5000, 'still open')))).toEqual([
          'connected',
          'connected',
          'connected',
        ]);
      } finally {
        await Promise.all(sockets.map((s) => s.client.dispose()));
      }
    });
  });
});
