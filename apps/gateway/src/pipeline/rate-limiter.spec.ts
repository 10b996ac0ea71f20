import { RateLimiter } from './rate-limiter';

describe(RateLimiter.name, () => {
  it('allows the burst, then refuses with the seconds until the next token', () => {
    const limiter = new RateLimiter(1, 3);
    const t = 1_000_000;
    expect([limiter.take('a', 1, t), limiter.take('a', 1, t), limiter.take('a', 1, t)]).toEqual([0, 0, 0]);
    expect(limiter.take('a', 1, t)).toBe(1);
    expect(limiter.take('b', 1, t)).toBe(0);
    limiter.close();
  });

  it('refills over time', () => {
    const limiter = new RateLimiter(2, 2);
    const t = 5_000;
    limiter.take('k', 1, t);
    limiter.take('k', 1, t);
    expect(limiter.take('k', 1, t)).toBeGreaterThan(0);
    expect(limiter.take('k', 1, t + 600)).toBe(0);
    limiter.close();
  });

  it('takes a weight at once, refuses it whole, and lets a weight above the burst through from a full bucket', () => {
    const limiter = new RateLimiter(1, 10);
    const t = 9_000;
    expect(limiter.take('w', 8, t)).toBe(0);
    expect(limiter.take('w', 5, t)).toBe(3);
    expect(limiter.take('w', 2, t)).toBe(0);
    expect(limiter.take('x', 1_000, t)).toBe(0);
    expect(limiter.take('x', 1, t)).toBe(1);
    limiter.close();
  });
});
