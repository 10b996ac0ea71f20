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

  /** Six requests spread over the gateways in turn, one after another; their statuses in order. */
  async function spread(urls: string[], send: (url: string) => Promise<{ status: number }>): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await send(urls[i % urls.length])).status);
    return statuses;
  }

  it('holds one per-user limit across three gateway copies', async () => {
    const limits = { RATE_LIMIT_STORE: 'nats', RATE_LIMIT_USER_PER_SECOND: '1', RATE_LIMIT_USER_BURST: '3' };
    const copies = await Promise.all([1, 2, 3].map(() => platform.startGateway(limits)));
    const statuses = await spread(
      copies.map((c) => c.url),
      (url) => post(url, ME, { token: user.token }),
    );
    // A token may refill while the six run: at most one more than the burst passes, never one per copy.
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
    const refused = await post(copies[0].url, ME, { token: user.token });
    expect(refused.status).toBe(429);
    expect(errorCode(refused.body)).toBe('RATE_LIMITED');
  });

  it('holds one per-address limit across gateway copies', async () => {
    const limits = { RATE_LIMIT_STORE: 'nats', RATE_LIMIT_ADDRESS_PER_SECOND: '1', RATE_LIMIT_ADDRESS_BURST: '3' };
    const copies = await Promise.all([1, 2].map(() => platform.startGateway(limits)));
    const statuses = await spread(
      copies.map((c) => c.url),
      (url) => post(url, '{ __typename }'),
    );
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
  });

  it('with RATE_LIMIT_STORE=memory, limits per copy (each copy its own burst)', async () => {
    const limits = { RATE_LIMIT_STORE: 'memory', RATE_LIMIT_USER_PER_SECOND: '1', RATE_LIMIT_USER_BURST: '2' };
    const other = await platform.signUp();
    const copies = await Promise.all([1, 2].map(() => platform.startGateway(limits)));
    const statuses = await spread(
      copies.map((c) => c.url),
      (url) => post(url, ME, { token: other.token }),
    );
    expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
  });
});
