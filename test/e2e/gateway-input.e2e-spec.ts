import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { errorCode, GqlResult, SignedUp, TestPlatform } from '@test/support';
import { createChannel, publish } from '../../apps/news/test/news-client';
import { direct, send } from './messaging-helpers';
import { GRAPHQL_RESPONSE_JSON, http } from './support/http';

/**
 * One rule at the gateway's edge: every value a service could choke on is
 * BAD_USER_INPUT naming the field, and nothing is changed. Each case is sent
 * as a variable and, where it can be written, as a literal in the document.
 */
describe('gateway: bad input at the edge', () => {
  let platform: TestPlatform;
  let db: Client;
  let alice: SignedUp;
  let bob: SignedUp;
  let conversationId: string;
  let channelId: string;

  beforeAll(async () => {
    platform = await TestPlatform.start({ env: { RATE_LIMIT_USER_PER_SECOND: '100000', RATE_LIMIT_USER_BURST: '100000' } });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    [alice, bob] = await Promise.all([platform.signUp('الف'), platform.signUp('ب')]);
    conversationId = await direct(platform, alice, bob);
    await send(platform, alice, conversationId, 'سلام');
    channelId = (await createChannel(platform, alice.token)).id;
    await publish(platform, alice.token, channelId);
  });
  afterAll(async () => {
    await db?.end();
    await platform?.close();
  });

  /** Everything a refused request could have changed, as one comparable value. */
  async function snapshot(): Promise<unknown> {
    const { rows } = await db.query(`SELECT
      (SELECT count(*) FROM messaging.messages) AS messages,
      (SELECT count(*) FROM messaging.conversations) AS conversations,
      (SELECT count(*) FROM news.posts) AS posts,
      (SELECT count(*) FROM news.channels) AS channels,
      (SELECT count(*) FROM payments.idempotency_keys) AS keys,
      (SELECT count(*) FROM payments.top_ups) AS top_ups,
      (SELECT string_agg(coalesce(display_name, '') || coalesce(bio, ''), ',' ORDER BY id) FROM accounts.users) AS profiles`);
    return rows[0];
  }

  /** Sends the operation and expects BAD_USER_INPUT on `field`, with nothing changed. */
  async function refused(field: string, query: string, variables?: Record<string, unknown>, token = alice.token): Promise<GqlResult> {
    const before = await snapshot();
    const res = await platform.gql(query, variables, token);
    expect({ code: errorCode(res), field: res.errors?.[0]?.extensions?.field }).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(await snapshot()).toEqual(before);
    return res;
  }

  const SEND = `mutation($i:SendMessageInput!){ sendMessage(input:$i){ id } }`;
  const sendInput = (extra: Record<string, unknown>) => ({ i: { conversationId, clientId: randomUUID(), text: 'متن', ...extra } });

  describe('control characters and lone surrogates, in any string', () => {
    it.each([
      ['\u0000', 'NUL'],
      ['\u0007', 'BEL'],
      ['\u001b', 'ESC'],
      ['\ud800', 'a lone high surrogate'],
      ['\udc00', 'a lone low surrogate'],
    ])('refuses %j (%s) in message text and clientId', async (bad) => {
      await refused('text', SEND, sendInput({ text: `پیام ${bad} خراب` }));
      await refused('clientId', SEND, sendInput({ clientId: `c${bad}` }));
    });

    it('refuses NUL in a bio, a group title, a post, an idempotency key and search queries', async () => {
      await refused('bio', `mutation($i:UpdateProfileInput!){ updateProfile(input:$i){ id } }`, { i: { bio: 'a\u0000b' } });
      await refused('displayName', `mutation{ updateProfile(input:{displayName:"x\\u0000y"}){ id } }`);
      await refused('title', `mutation($t:String!,$m:[ID!]!){ createGroup(title:$t, memberIds:$m){ id } }`, {
        t: 'گروه\u0000',
        m: [bob.userId],
      });
      await refused('text', `mutation($i:PublishPostInput!){ publishPost(input:$i){ id } }`, { i: { channelId, text: 'پست\u0000' } });
      await refused('title', `mutation($i:PublishPostInput!){ publishPost(input:$i){ id } }`, {
        i: { channelId, text: 'پست', title: '\u0000' },
      });
      await refused('idempotencyKey', `mutation($k:String!){ startTopUp(amount:"100000", idempotencyKey:$k){ id } }`, { k: 'k\u0000' });
      await refused('idempotencyKey', `mutation{ startTopUp(amount:"100000", idempotencyKey:"k\\u0000"){ id } }`);
      await refused('query', `query($q:String!){ searchMessages(query:$q){ edges { cursor } } }`, { q: 'سلام\u0000' });
      await refused('query', `query($q:String!){ searchUsers(query:$q){ id } }`, { q: '\u0000' });
      await refused('query', `query($q:String!){ searchPosts(query:$q){ edges { cursor } } }`, { q: 'x\u0000' });
    });

    it('names the field inside a list of inputs', async () => {
      await refused('memberIds', `mutation($m:[ID!]!){ createGroup(title:"گروه", memberIds:$m){ id } }`, { m: [bob.userId, 'x\u0000'] });
    });

    it('accepts newlines and tabs in text, and Persian with ZWNJ and bidi marks', async () => {
      const text = 'خط اول\nخط\tدوم می\u200cخواهم \u2067abc\u2069';
      const res = await platform.gql(SEND, sendInput({ text }), alice.token);
      expect(res.errors).toBeUndefined();
    });
  });

  describe('IDs, cursors and dates', () => {
    it('refuses an empty string where an ID is expected', async () => {
      await refused('conversationId', `query($c:ID){ searchMessages(query:"سلام", conversationId:$c){ edges { cursor } } }`, { c: '' });
      await refused('replyToId', SEND, sendInput({ replyToId: '' }));
      await refused(
        'conversationId',
        `mutation($i:PayBillInput!){ payBill(input:$i){ id } }`,
        { i: { billId: '1234567890123', paymentId: '1', idempotencyKey: randomUUID(), conversationId: '' } },
        bob.token,
      );
      await refused('id', `query{ conversation(id:""){ id } }`);
    });

    it('refuses cursors that decode to numbers or timestamps out of range', async () => {
      const b64 = (text: string) => Buffer.from(text).toString('base64url');
      const bills = `query($a:String){ billPayments(after:$a){ edges { cursor } } }`;
      await refused('after', bills, { a: b64('p:9999999999999999999') });
      await refused('after', `query($a:String){ wallet { transactions(after:$a){ edges { cursor } } } }`, {
        a: b64('p:9223372036854775808'),
      });
      const feed = `query($a:String){ feed(after:$a){ edges { cursor } } }`;
      await refused('after', feed, { a: b64(`post:9999999999999999:${randomUUID()}`) });
      await refused('after', feed, { a: b64(`post:-9999999999999999:${randomUUID()}`) });
    });

    it('refuses a scheduledAt far outside any sane range', async () => {
      const publishAt = `mutation($i:PublishPostInput!){ publishPost(input:$i){ id } }`;
      await refused('scheduledAt', publishAt, { i: { channelId, text: 'بعدا', scheduledAt: '+200000-01-01T00:00:00.000Z' } });
      await refused('scheduledAt', publishAt, { i: { channelId, text: 'بعدا', scheduledAt: '0001-01-01T00:00:00.000Z' } });
      await refused(
        'scheduledAt',
        `mutation{ publishPost(input:{channelId:"${channelId}", text:"x", scheduledAt:"+275760-09-13T00:00:00.000Z"}){ id } }`,
      );
    });
  });

  describe('the HTTP body', () => {
    const ME = '{ me { id } }';

    it.each([['{"query":1}'], ['{"query":null}'], ['{"query":{}}'], ['{}'], ['[]'], ['"x"']])(
      'answers %s with 400 and BAD_USER_INPUT',
      async (body) => {
        for (const accept of ['application/json', GRAPHQL_RESPONSE_JSON]) {
          const res = await http(platform.url, { body, token: alice.token, headers: { accept } });
          expect(res.status).toBe(400);
          expect(errorCode(res.body)).toBe('BAD_USER_INPUT');
        }
      },
    );

    it('accepts "extensions": null and "variables": null', async () => {
      const res = await http(platform.url, { body: JSON.stringify({ query: ME, extensions: null, variables: null }), token: alice.token });
      expect(res.status).toBe(200);
      expect(res.body.data.me.id).toBe(alice.userId);
    });

    it('refuses "extensions" or "variables" that are not objects', async () => {
      for (const extra of [{ extensions: 1 }, { extensions: [] }, { variables: 'x' }, { variables: [] }]) {
        const res = await http(platform.url, { body: JSON.stringify({ query: ME, ...extra }), token: alice.token });
        expect(res.status).toBe(400);
        expect(errorCode(res.body)).toBe('BAD_USER_INPUT');
      }
    });

    it('answers a subscription over HTTP POST as not executable here, naming WebSocket', async () => {
      const body = JSON.stringify({ query: 'subscription { walletChanged { balance } }' });
      const strict = await http(platform.url, { body, token: alice.token, headers: { accept: GRAPHQL_RESPONSE_JSON } });
      expect(strict.status).toBe(400);
      expect(errorCode(strict.body)).toBe('BAD_USER_INPUT');
      expect(strict.body.errors![0].message).toMatch(/WebSocket/);
      expect(strict.body.data).toBeUndefined();
      const legacy = await http(platform.url, { body, token: alice.token });
      expect(legacy.status).toBe(200);
      expect(errorCode(legacy.body)).toBe('BAD_USER_INPUT');
      const get = await http(platform.url, { query: { query: 'subscription { walletChanged { balance } }' }, token: alice.token });
      expect(errorCode(get.body)).toBe('BAD_USER_INPUT');
    });
  });

  describe('over WebSocket', () => {
    it('refuses the same values with the same field', async () => {
      const socket = platform.ws(alice.token);
      try {
        const res = await socket.request(SEND, sendInput({ text: 'x\u0000' }));
        expect({ code: errorCode(res), field: res.errors?.[0]?.extensions?.field }).toEqual({ code: 'BAD_USER_INPUT', field: 'text' });
      } finally {
        await socket.client.dispose();
      }
    });
  });
});
