import { errorCode, SignedUp, TestPlatform } from '@test/support';
import { post } from './support/http';

const ME = '{ me { id } }';

/**
 * The rate limits are platform-wide: their counters live in NATS JetStream
 * key-value buckets (RATE_LIMIT_STORE=nats, the default; the test platform
 * counts in memory unless asked), so N gateway copies enforce one limit, not N.
 */
describe('gateway: shared rate limits', () => {
  let platform: TestPlatform;
  let user: SignedUp;

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['accounts'] });
    user = await platform.signUp();
  });
  afterAll(async () => {
    await platform?.close();
  });

  /** Requests spread over the gateways in turn, one after another: their statuses in order, and the seconds they took. */
  async function spread(
    count: number,
    urls: string[],
    send: (url: string) => Promise<{ status: number }>,
  ): Promise<{ statuses: number[]; seconds: number }> {
    const statuses: number[] = [];
    const started = performance.now();
    for (let i = 0; i < count; i++) statuses.push((await send(urls[i % urls.length])).status);
    return { statuses, seconds: (performance.now() - started) / 1000 };
  }

  it('holds one per-user limit across three gateway copies', async () => {
    // Each `me` costs 10 tokens (a root field, RATE_LIMIT_COST_PER_REQUEST=1) out of a burst of 30 refilled at 1/s:
    // three pass, and a fourth would need ten seconds of refill, however slowly the machine answers.
    const limits = {
      RATE_LIMIT_STORE: 'nats',
      RATE_LIMIT_USER_PER_SECOND: '1',
      RATE_LIMIT_USER_BURST: '30',
      RATE_LIMIT_COST_PER_REQUEST: '1',
    };
    const copies = await Promise.all([1, 2, 3].map(() => platform.startGateway(limits)));
    const { statuses, seconds } = await spread(
      6,
      copies.map((c) => c.url),
      (url) => post(url, ME, { token: user.token }),
    );
    // Per copy, each would have passed its own two.
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    if (seconds < 9) expect(statuses.slice(3)).toEqual([429, 429, 429]);
    const refused = await post(copies[0].url, ME, { token: user.token });
    expect(refused.status).toBe(429);
    expect(errorCode(refused.body)).toBe('RATE_LIMITED');
  });

  it('holds one per-address limit across gateway copies', async () => {
    const limits = { RATE_LIMIT_STORE: 'nats', RATE_LIMIT_ADDRESS_PER_SECOND: '1', RATE_LIMIT_ADDRESS_BURST: '3' };
    const copies = await Promise.all([1, 2].map(() => platform.startGateway(limits)));
    const { statuses, seconds } = await spread(
      12,
      copies.map((c) => c.url),
      (url) => post(url, '{ __typename }'),
    );
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    // One request per address per second refills while they run: shared, at most the burst plus what refilled
    // passes (per copy, two bursts of three would pass at once).
    const passed = statuses.filter((s) => s === 200).length;
    expect(passed).toBeLessThanOrEqual(3 + Math.ceil(seconds));
    expect(passed + statuses.filter((s) => s === 429).length).toBe(12);
  });

  it('with RATE_LIMIT_STORE=memory, limits per copy (each copy its own burst)', async () => {
    const limits = { RATE_LIMIT_STORE: 'memory', RATE_LIMIT_USER_PER_SECOND: '1', RATE_LIMIT_USER_BURST: '2' };
    const other = await platform.signUp();
    const copies = await Promise.all([1, 2].map(() => platform.startGateway(limits)));
    const { statuses } = await spread(
      6,
      copies.map((c) => c.url),
      (url) => post(url, ME, { token: other.token }),
    );
    expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
  });
});
