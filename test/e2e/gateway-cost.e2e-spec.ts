import { connect, NatsConnection, Subscription } from 'nats';
import { AccountsSubjects, PaymentsSubjects } from '@app/contracts';
import { errorCode, GqlResult, SignedUp, TestPlatform } from '@test/support';
import { connection } from './support/accounts';
import { GRAPHQL_RESPONSE_JSON, post } from './support/http';

/** `{ a0: me { id } … a<n-1>: me { id } }` */
const aliases = (n: number, field = 'me { id }') => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

/**
 * Cost analysis before execution: an operation costlier than allowed is
 * refused with QUERY_TOO_COMPLEX before any service is asked, on HTTP and
 * WebSocket alike; identical requests of one query share one NATS call; the
 * per-user limit counts cost, not requests.
 */
describe('gateway: operation cost', () => {
  let platform: TestPlatform;
  let nc: NatsConnection;
  let alice: SignedUp;
  let others: SignedUp[];
  /** Requests seen on a subject (a plain subscription gets a copy of each, beside the service's queue group). */
  const seen = new Map<string, number>();
  const spies: Subscription[] = [];

  beforeAll(async () => {
    platform = await TestPlatform.start({
      services: ['accounts', 'payments'],
      env: { RATE_LIMIT_USER_PER_SECOND: '100000', RATE_LIMIT_USER_BURST: '100000' },
    });
    nc = await connect({ servers: (process.env.NATS_URL ?? 'nats://127.0.0.1:4222').split(',') });
    for (const subject of [AccountsSubjects.GetUser, PaymentsSubjects.GetWallet, PaymentsSubjects.ListTransactions]) {
      spies.push(nc.subscribe(subject, { callback: () => seen.set(subject, (seen.get(subject) ?? 0) + 1) }));
    }
    await nc.flush();
    [alice, ...others] = await Promise.all([1, 2, 3, 4].map(() => platform.signUp()));
  });
  afterAll(async () => {
    for (const spy of spies) spy.unsubscribe();
    await nc?.close();
    await platform?.close();
  });

  /** Requests on `subject` made while `fn` ran (NATS delivers the spies' copies in order, so a flush settles them). */
  async function callsDuring(subject: string, fn: () => Promise<unknown>): Promise<number> {
    await nc.flush();
    const before = seen.get(subject) ?? 0;
    await fn();
    await nc.flush();
    await new Promise((resolve) => setTimeout(resolve, 50));
    return (seen.get(subject) ?? 0) - before;
  }

  it('refuses 10,000 aliases of me with QUERY_TOO_COMPLEX without asking accounts, while others are answered', async () => {
    const attack = aliases(10_000);
    let refused: Awaited<ReturnType<typeof post>>[] = [];
    let answered: GqlResult[] = [];
    const calls = await callsDuring(AccountsSubjects.GetUser, async () => {
      [refused, answered] = await Promise.all([
        Promise.all([1, 2, 3].map(() => post(platform.url, attack, { token: alice.token, accept: GRAPHQL_RESPONSE_JSON }))),
        Promise.all(others.map((o) => platform.gql('{ me { id } }', undefined, o.token))),
      ]);
    });
    for (const res of refused) {
      expect(res.status).toBe(400);
      expect(errorCode(res.body)).toBe('QUERY_TOO_COMPLEX');
      expect(res.body.data).toBeUndefined();
    }
    expect(answered.map((r) => r.data?.me?.id)).toEqual(others.map((o) => o.userId));
    // Only the others' requests reached accounts.
    expect(calls).toBe(others.length);
  });

  it('refuses too many aliases, or too many fields as written, before validating the document', async () => {
    expect(errorCode(await platform.gql(aliases(201), undefined, alice.token))).toBe('QUERY_TOO_COMPLEX');
    const repeated = `{ ${Array.from({ length: 501 }, () => 'me { id }').join(' ')} }`;
    expect(errorCode(await platform.gql(repeated, undefined, alice.token))).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuses a costly list: many pages of transactions, by page size from the variables', async () => {
    const pages = `query($n:Int){ ${Array.from({ length: 60 }, (_, i) => `w${i}: wallet { transactions(first:$n){ edges { node { id amount counterparty { id } } } } }`).join(' ')} }`;
    const calls = await callsDuring(PaymentsSubjects.ListTransactions, async () => {
      const big = await platform.gql(pages, { n: 100 }, alice.token);
      expect(errorCode(big)).toBe('QUERY_TOO_COMPLEX');
    });
    expect(calls).toBe(0);
    // The same document with small pages is allowed: the cost follows the page size asked for.
    const small = await platform.gql(pages, { n: 1 }, alice.token);
    expect(small.errors).toBeUndefined();
    expect(small.data.w59.transactions.edges).toEqual([]);
  });

  it('refuses the same over WebSocket', async () => {
    const socket = platform.ws(alice.token);
    try {
      expect(await connection(socket.client)).toBe('connected');
      const calls = await callsDuring(AccountsSubjects.GetUser, async () => {
        expect(errorCode(await socket.request(aliases(10_000)))).toBe('QUERY_TOO_COMPLEX');
      });
      expect(calls).toBe(0);
    } finally {
      await socket.client.dispose();
    }
  });

  it('answers 100 aliases of me and of wallet with one call to each service', async () => {
    let res: GqlResult | undefined;
    const users = await callsDuring(AccountsSubjects.GetUser, async () => {
      res = await platform.gql(aliases(100), undefined, alice.token);
    });
    expect(res!.errors).toBeUndefined();
    expect(res!.data.a99.id).toBe(alice.userId);
    expect(users).toBe(1);
    const wallets = await callsDuring(PaymentsSubjects.GetWallet, async () => {
      res = await platform.gql(aliases(100, 'wallet { balance }'), undefined, alice.token);
    });
    expect(res!.errors).toBeUndefined();
    expect(res!.data.a0.balance).toBe('0');
    expect(wallets).toBe(1);
  });

  it('counts cost, not requests, in the per-user limit', async () => {
    // A burst of 10 requests' worth, one request's worth per 10 of cost: me costs 10, ten aliases 100.
    const limited = await platform.startGateway({
      RATE_LIMIT_USER_PER_SECOND: '1',
      RATE_LIMIT_USER_BURST: '10',
      RATE_LIMIT_COST_PER_REQUEST: '10',
    });
    const [heavy, light] = others;
    expect((await post(limited.url, aliases(10), { token: heavy.token })).status).toBe(200);
    const second = await post(limited.url, aliases(10), { token: heavy.token });
    expect(second.status).toBe(429);
    expect(errorCode(second.body)).toBe('RATE_LIMITED');
    // The same number of cheap requests passes.
    for (let i = 0; i < 2; i++) expect((await post(limited.url, '{ me { id } }', { token: light.token })).status).toBe(200);
  });
});
