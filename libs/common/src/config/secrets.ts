import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * The JWT signing key: JWT_SECRET when set; outside production, generated once
 * into DATA_DIR (created exclusively, so concurrent first starts agree on one
 * key); in production its absence stops the process.
 */
export function resolveJwtSecret(env: { JWT_SECRET: string; DATA_DIR: string; production: boolean }): Uint8Array {
  if (env.JWT_SECRET) {
    if (env.JWT_SECRET.length < 32) throw new Error('JWT_SECRET must be at least 32 characters');
    if (estimatedEntropyBits(env.JWT_SECRET) < MIN_SECRET_BITS) {
      throw new Error(
        `JWT_SECRET is too predictable (under ${MIN_SECRET_BITS} bits by its characters); use e.g. \`openssl rand -base64 48\``,
      );
    }
    return new TextEncoder().encode(env.JWT_SECRET);
  }
  if (env.production) throw new Error('NODE_ENV=production needs JWT_SECRET: refusing to start with a generated key');
  const dir = path.resolve(env.DATA_DIR);
  const file = path.join(dir, 'jwt-secret');
  fs.mkdirSync(dir, { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(48).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  let secret = '';
  // A concurrent creator may not have written its bytes yet.
  for (let i = 0; i < 50 && !secret; i++) secret = fs.readFileSync(file, 'utf8').trim();
  if (!secret) throw new Error(`empty JWT secret file ${file}`);
  return new TextEncoder().encode(secret);
}

/** What an HS256 key needs at the least: 128 bits (a random 32-character base64 string has ~190). */
export const MIN_SECRET_BITS = 128;

/**
 * An upper estimate of a text's entropy from its own characters (Shannon, per
 * character × length): 32 × "a" has none, "password" repeated has ~88 bits,
 * 48 random base64 characters ~260. It cannot see a predictable phrase of
 * varied characters, but refuses the repetitive and tiny-alphabet keys that
 * are the common mistake.
 */
export function estimatedEntropyBits(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const n = [...text].length;
  let perChar = 0;
  for (const c of counts.values()) perChar -= (c / n) * Math.log2(c / n);
  return perChar * n;
}
