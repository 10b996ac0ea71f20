import { intervalAfterFailure, intervalAfterSuccess } from './poll-interval';

const bounds = { minSeconds: 300, maxSeconds: 86_400 };
const now = new Date('2026-11-29T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);

describe('intervalAfterSuccess', () => {
  it('polls a feed that posts hourly every half hour', () => {
    const dates = Array.from({ length: 168 }, (_, i) => hoursAgo(i + 0.5));
    expect(intervalAfterSuccess(dates, now, bounds)).toBe(1800);
  });

  it('polls a feed that posts daily twice a day', () => {
    const dates = Array.from({ length: 7 }, (_, i) => hoursAgo(24 * i + 1));
    expect(intervalAfterSuccess(dates, now, bounds)).toBe(43_200);
  });

  it('never polls faster than the minimum', () => {
    const dates = Array.from({ length: 10_000 }, () => hoursAgo(1));
    expect(intervalAfterSuccess(dates, now, bounds)).toBe(300);
  });

  it('falls to the slowest rate when nothing was published for a week', () => {
    expect(intervalAfterSuccess([hoursAgo(24 * 30)], now, bounds)).toBe(86_400);
    expect(intervalAfterSuccess([], now, bounds)).toBe(86_400);
  });
});

describe('intervalAfterFailure', () => {
  it('doubles with every failure in a row and stops at the maximum', () => {
    expect(intervalAfterFailure(600, 1, bounds)).toBe(600);
    expect(intervalAfterFailure(600, 2, bounds)).toBe(1200);
    expect(intervalAfterFailure(600, 4, bounds)).toBe(4800);
    expect(intervalAfterFailure(600, 30, bounds)).toBe(86_400);
  });
});
