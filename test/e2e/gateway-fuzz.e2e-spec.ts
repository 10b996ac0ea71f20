import { GraphQLSchemaHost } from '@nestjs/graphql';
import { GraphQLSchema } from 'graphql';
import { SignedUp, TestPlatform } from '@test/support';
import { createChannel, publish } from '../../apps/news/test/news-client';
import { direct, send } from './messaging-helpers';
import { FuzzCase, fuzzCases } from './support/fuzz';

/** No answer in this long is a hang. */
const HANG_MS = 15_000;
/**
 * About 40 s on a quiet 2-core machine; the test's own timeout leaves room
 * for a loaded one (it asserts outcomes, never timings).
 */
const RUN_TIMEOUT_MS = 240_000;
const PARALLEL = 12;

interface Failure {
  label: string;
  status: number;
  body: string;
}

/**
 * A bounded GraphQL fuzz test generated from the schema: every argument of
 * every query and mutation (and every field of their inputs) with hostile
 * values — control characters, lone surrogates, huge and negative numbers,
 * malformed cursors, out-of-range dates, wrong types — over plausible values
 * for the rest. Each case is sent with its values as variables and, for the
 * same operation, once more as literals in the document. It fails on any
 * INTERNAL, any error without a code, any 5xx, any request that hangs, and a
 * platform that stops answering afterwards.
 */
describe('gateway: fuzz', () => {
  let platform: TestPlatform;
  let alice: SignedUp;
  let schema: GraphQLSchema;
  let cases: FuzzCase[];

  beforeAll(async () => {
    platform = await TestPlatform.start({
      env: {
        RATE_LIMIT_USER_PER_SECOND: '1000000',
        RATE_LIMIT_USER_BURST: '1000000',
        LOGIN_CODE_RESEND_SECONDS: '0',
        // Fuzzed URLs (link previews, feed sources) name hosts this machine cannot reach: give up on each at once.
        FEEDS_FETCH_TIMEOUT_MS: '500',
      },
    });
    let bob: SignedUp;
    [alice, bob] = await Promise.all([platform.signUp('فاز'), platform.signUp('باب')]);
    const conversation = await direct(platform, alice, bob);
    const message = (await send(platform, alice, conversation, 'سلام')).id;
    const channel = (await createChannel(platform, alice.token)).id;
    const post = (await publish(platform, alice.token, channel)).id;
    schema = platform.gateways[0].app.get(GraphQLSchemaHost).schema;
    // signOut would end the session the cases run in; it takes no arguments to fuzz.
    cases = fuzzCases(schema, { user: bob.userId, conversation, message, channel, post }, ['signOut']);
  });
  afterAll(async () => {
    await platform?.close();
  });

  async function run(one: FuzzCase): Promise<Failure | null> {
    let status = 0;
    let text = '';
    try {
      const res = await fetch(`${platform.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-requested-with': 'fuzz', authorization: `Bearer ${alice.token}` },
        body: JSON.stringify({ query: one.query, variables: one.variables }),
        signal: AbortSignal.timeout(HANG_MS),
      });
      status = res.status;
      text = await res.text();
      const body = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
      const bad = status >= 500 || (body.errors ?? []).some((e) => !e.extensions?.code || e.extensions.code === 'INTERNAL');
      return bad ? { label: one.label, status, body: text.slice(0, 300) } : null;
    } catch (err) {
      return { label: one.label, status, body: `${(err as Error).name}: ${(err as Error).message} ${text.slice(0, 200)}` };
    }
  }

  it(
    'answers at least 5,000 hostile requests without INTERNAL, 5xx or a hang, and keeps answering',
    async () => {
      expect(cases.length).toBeGreaterThanOrEqual(5000);
      const failures: Failure[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: PARALLEL }, async () => {
          while (next < cases.length) {
            const failure = await run(cases[next++]);
            if (failure) failures.push(failure);
          }
        }),
      );
      expect(failures.slice(0, 30)).toEqual([]);
      // Every service still answers.
      const after = await platform.gql(
        '{ me { id } wallet { currency } conversations(first: 1) { edges { cursor } } feed(first: 1) { edges { cursor } } }',
        undefined,
        alice.token,
      );
      expect(after.errors).toBeUndefined();
      expect(after.data.me.id).toBe(alice.userId);
    },
    RUN_TIMEOUT_MS,
  );
});
