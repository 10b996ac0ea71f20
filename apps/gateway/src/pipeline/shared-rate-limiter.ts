import { KV, NatsConnection, StorageType } from 'nats';
import { Logger } from 'pino';
import { RateLimiter } from './rate-limiter';

/** Tries of one take against other copies writing the same key, before it gives this copy's own answer. */
const CAS_TRIES = 10;
/** Keys whose last written revision (and lease) a copy remembers. */
const KNOWN_MAX = 100_000;
/** A lease holds at most this many seconds of a key's refill... */
const LEASE_SECONDS = 0.1;
/** ...and is dropped, with whatever it has left, this long after it was taken. */
const LEASE_TTL_MS = 1000;

interface Bucket {
  /** Tokens left at `at`. */
  t: number;
  /** Milliseconds since 1970. */
  at: number;
}

/**
 * A token bucket per key whose state lives in a NATS JetStream key-value
 * bucket, so that every gateway copy takes from the same tokens: N copies
 * enforce one limit, not N. Each take reads the key and writes it back with
 * compare-and-set on its revision (a concurrent copy's write makes it read
 * again), so two copies never spend one token twice. Keys expire once idle
 * long enough to be full again (the KV bucket's TTL), so the bucket holds only
 * active clients.
 *
 * Leases: while a key's shared bucket is more than half full, a take that
 * writes it also takes up to a tenth of a second's refill more (at most a
 * quarter of the burst), which this copy then spends on that key without a
 * write until it is used up or a second old. Leased tokens have left the
 * shared bucket, so no token is spent twice; a lease this copy does not use
 * is lost, which makes the limit at most one lease per copy stricter, and
 * below half a bucket every take is counted exactly in the shared bucket. A
 * busy client thus costs one write per lease instead of one per request
 * (`bench/limits`, `bench/news`).
 *
 * When JetStream does not answer, a take falls back to this copy's own
 * in-memory bucket (per-copy limits, as before), logged once per outage, so
 * that a NATS hiccup slows no one down and refuses no one wrongly.
 */
export class SharedRateLimiter {
  private kv?: Promise<KV>;
  private readonly local: RateLimiter;
  private degraded = false;
  /** The state and revision this copy last wrote per key (bounded: the oldest go first). */
  private readonly known = new Map<string, Bucket & { revision: number }>();
  /** The take in flight per key on this copy: takes of one key queue here, so a copy never races itself. */
  private readonly queues = new Map<string, Promise<number>>();
  /** Tokens this copy took ahead per key, and until when it may spend them (bounded: the oldest go first). */
  private readonly leases = new Map<string, { tokens: number; until: number }>();
  /** Tokens a lease takes at most: 0 where a tenth of a second's refill is under one token (then every take is written). */
  private readonly leaseSize: number;

  constructor(
    private readonly nc: NatsConnection,
    /** KV bucket name: one per kind of limit (address, user). */
    private readonly name: string,
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly replicas: number,
    private readonly logger: Logger,
  ) {
    this.local = new RateLimiter(perSecond, burst);
    this.leaseSize = Math.floor(Math.min(perSecond * LEASE_SECONDS, burst / 4));
  }

  /** As RateLimiter.take: 0 when the tokens were taken, else the seconds until they would be there. */
  take(key: string, count = 1): number | Promise<number> {
    const need = Math.min(Math.max(1, count), this.burst);
    const previous = this.queues.get(key);
    // From this copy's lease, without a write (unless a take of the key is still in flight: it goes after that one).
    if (!previous && this.spendLease(key, need)) return 0;
    const next = (previous ? previous.then(noop, noop) : Promise.resolve()).then(() => this.takeNow(key, need));
    this.queues.set(key, next);
    void next.finally(() => {
      if (this.queues.get(key) === next) this.queues.delete(key);
    });
    return next;
  }

  /** Spends `need` tokens of the key's lease when it holds them; false (and nothing spent) otherwise. */
  private spendLease(key: string, need: number): boolean {
    const lease = this.leases.get(key);
    if (!lease || lease.tokens < need || lease.until <= Date.now()) return false;
    lease.tokens -= need;
    return true;
  }

  private async takeNow(key: string, need: number): Promise<number> {
    if (this.spendLease(key, need)) return 0;
    try {
      const kv = await this.bucket();
      const result = await this.takeShared(kv, key, need);
      if (this.degraded) this.logger.info({ limiter: this.name }, 'shared rate limits answering again');
      this.degraded = false;
      return result;
    } catch (err) {
      if (!this.degraded) this.logger.warn({ err, limiter: this.name }, 'shared rate limits not answering; limiting per copy meanwhile');
      this.degraded = true;
      this.kv = undefined;
      return this.local.take(key, need);
    }
  }

  close(): void {
    this.local.close();
  }

  private remember(key: string, state: Bucket & { revision: number }): void {
    this.known.delete(key);
    this.known.set(key, state);
    if (this.known.size > KNOWN_MAX) this.known.delete(this.known.keys().next().value!);
  }

  private lease(key: string, tokens: number): void {
    this.leases.delete(key);
    if (tokens <= 0) return;
    this.leases.set(key, { tokens, until: Date.now() + LEASE_TTL_MS });
    if (this.leases.size > KNOWN_MAX) this.leases.delete(this.leases.keys().next().value!);
  }

  private bucket(): Promise<KV> {
    // A refilled bucket is as good as none: keys idle that long may go.
    const ttl = Math.max(1000, Math.ceil((this.burst / this.perSecond) * 1000) + 1000);
    // In memory: counters need no disk, and a restarted server only refills everyone's buckets.
    this.kv ??= this.nc.jetstream().views.kv(this.name, { history: 1, ttl, replicas: this.replicas, storage: StorageType.Memory });
    return this.kv;
  }

  /**
   * One round trip when this copy was the key's last writer: it writes on the
   * revision it wrote last (kept in `known`), and reads the key only when
   * another copy wrote since (the write fails on the revision) or it has none.
   */
  private async takeShared(kv: KV, key: string, need: number): Promise<number> {
    const kvKey = encodeKey(key);
    for (let attempt = 0; attempt < CAS_TRIES; attempt++) {
      let seen = this.known.get(kvKey);
      if (!seen || attempt > 0) {
        const entry = await kv.get(kvKey);
        seen =
          entry && entry.operation === 'PUT' && entry.length > 0
            ? { ...(JSON.parse(entry.string()) as Bucket), revision: entry.revision }
            : undefined;
      }
      const now = Date.now();
      const last = seen ?? { t: this.burst, at: now, revision: 0 };
      const tokens = Math.min(this.burst, last.t + (Math.max(0, now - last.at) / 1000) * this.perSecond);
      if (tokens < need) return Math.max(1, Math.ceil((need - tokens) / this.perSecond));
      // A lease only out of the upper half of the bucket.
      const ahead = Math.max(0, Math.min(this.leaseSize, Math.floor(tokens - need - this.burst / 2)));
      const next: Bucket = { t: tokens - need - ahead, at: now };
      try {
        const revision = last.revision
          ? await kv.update(kvKey, JSON.stringify(next), last.revision)
          : await kv.create(kvKey, JSON.stringify(next));
        this.remember(kvKey, { ...next, revision });
        this.lease(key, ahead);
        return 0;
      } catch (err) {
        // Another copy wrote the key since (or it expired): read it again.
        this.known.delete(kvKey);
        if (!isWrongRevision(err)) throw err;
      }
    }
    // Copies kept writing it under us: answer as this copy's own bucket would rather than refuse.
    return this.local.take(key, need);
  }
}

function noop(): void {}

/** KV keys take letters, digits and -/_=. : an IPv6 address's colons and anything else become '_' + hex. */
function encodeKey(key: string): string {
  return key.replace(/[^A-Za-z0-9\-_=.]/g, (c) => `_${c.charCodeAt(0).toString(16)}`);
}

function isWrongRevision(err: unknown): boolean {
  const text = String((err as Error)?.message ?? err);
  return /wrong last sequence|key exists|10071|10164/i.test(text);
}
