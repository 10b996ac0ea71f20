/**
 * Token buckets in memory: each key refills `perSecond` tokens up to `burst`.
 * Limits are per gateway copy; the limits that must hold platform-wide (login
 * codes per number and per address) are counted by the accounts service in
 * its database.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {
    this.timer = setInterval(() => this.prune(), 60_000).unref();
  }

  /**
   * Takes `count` tokens (at most a full bucket's, so any one request can pass
   * when nothing else was spent); returns 0 when allowed, else the seconds until
   * they are free. A refused request takes nothing.
   */
  take(key: string, count = 1, now = Date.now()): number {
    const need = Math.min(Math.max(1, count), this.burst);
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= need) {
      bucket.tokens -= need;
      return 0;
    }
    return Math.max(1, Math.ceil((need - bucket.tokens) / this.perSecond));
  }

  close(): void {
    clearInterval(this.timer);
  }

  private prune(): void {
    const now = Date.now();
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond >= this.burst) this.buckets.delete(key);
    }
  }
}
