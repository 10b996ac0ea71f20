import { RateLimiter } from './rate-limiter';

describe(RateLimiter.name, () => {
  it('allows the burst, then refuses with the seconds until the next token', () => {
    const limiter = new RateLimiter(1, 3);
    const t = 1_000_000;
    expect([limiter.take('a', t), limiter.take('a', t), limiter.take('a', t)]).toEqual([0, 0, 0]);
    expect(limiter.take('a', t)).toBe(1);
    expect(limiter.take('b', t)).toBe(0);
    limiter.close();
  });

  it('refills over time', () => {
    const limiter = new RateLimiter(2, 2);
    const t = 5_000;
    limiter.take('k', t);
    limiter.take('k', t);
    expect(limiter.take('k', t)).toBeGreaterThan(0);
    expect(limiter.take('k', t + 600)).toBe(0);
    limiter.close();
  });
});
