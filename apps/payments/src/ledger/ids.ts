import { createHash, randomFillSync } from 'node:crypto';
import { isUuid } from '@app/common';
import { PaymentRef } from '@app/contracts';

/**
 * A UUID derived from its parts (SHA-256, laid out as an RFC 9562 version 8
 * UUID). The same request always names the same record, so a retry collides
 * with the first attempt on a primary key instead of posting twice.
 */
export function derivedId(...parts: string[]): string {
  const hash = createHash('sha256').update(parts.join('\u0000')).digest();
  hash[6] = (hash[6] & 0x0f) | 0x80;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A hash of an operation's arguments, to tell a retry from a different request under the same key. */
export function argsHash(operation: string, args: Record<string, unknown>): string {
  const canonical = JSON.stringify([
    operation,
    ...Object.keys(args)
      .sort()
      .map((k) => [k, args[k] ?? null]),
  ]);
  return createHash('sha256').update(canonical).digest('base64url');
}

/**
 * A tracking code a person can read out to support: 12 digits, the last a
 * Luhn check digit so that a mistyped code is caught before any lookup.
 * Uniqueness is the database's (a unique index); a collision is retried.
 */
export function newTrackingCode(): string {
  // 10^10 ≤ body < 10^11: eleven digits, no leading zero (spreadsheets and people drop it).
  const body = String(10_000_000_000n + (randomUint64() % 90_000_000_000n));
  return body + luhnDigit(body);
}

/** Cryptographic randomness drawn 4 KiB at a time: one call per 512 codes instead of one per code. */
const entropy = Buffer.alloc(4096);
let entropyAt = entropy.length;
function randomUint64(): bigint {
  if (entropyAt + 8 > entropy.length) {
    randomFillSync(entropy);
    entropyAt = 0;
  }
  const value = entropy.readBigUInt64BE(entropyAt);
  entropyAt += 8;
  return value;
}

export function luhnDigit(digits: string): string {
  let sum = 0;
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export function isTrackingCode(code: string): boolean {
  return /^\d{12}$/.test(code) && luhnDigit(code.slice(0, 11)) === code[11];
}

/** Which shard of a platform account a record credits: stable per record, spread across records. */
export function shardOf(id: string, shards: number): number {
  return parseInt(id.replace(/-/g, '').slice(-8), 16) % shards;
}

/** The distinct ids of the refs a message names that can be ours (UUIDs): the rest are answered null unasked. */
export function refIds(refs: PaymentRef[]): string[] {
  return [...new Set(refs.map((r) => r?.id).filter(isUuid))];
}
