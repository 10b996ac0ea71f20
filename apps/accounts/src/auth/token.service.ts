import { Injectable } from '@nestjs/common';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SignJWT } from 'jose';
import { resolveJwtSecret } from '@app/common';
import { AccountsEnv } from '../config/accounts.env';

/**
 * Access tokens are short-lived JWTs (HS256, sub = user, sid = session) that
 * the gateway verifies locally; refresh tokens are opaque random strings of
 * which only a SHA-256 hash is stored. Login codes are stored as an HMAC keyed
 * with the server secret, so a leaked table cannot be brute-forced offline.
 */
@Injectable()
export class TokenService {
  private readonly secret: Uint8Array;

  constructor(private readonly env: AccountsEnv) {
    this.secret = resolveJwtSecret(env);
  }

  async accessToken(userId: string, sessionId: string): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(Date.now() + this.env.ACCESS_TOKEN_TTL_SECONDS * 1000);
    const token = await new SignJWT({ sid: sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.secret);
    return { token, expiresAt };
  }

  newRefreshToken(): { token: string; hash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: this.hashRefreshToken(token) };
  }

  hashRefreshToken(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }

  hashCode(phone: string, code: string): string {
    return createHmac('sha256', this.secret).update(`${phone}:${code}`).digest('hex');
  }

  sameHash(a: string, b: string): boolean {
    const x = Buffer.from(a, 'hex');
    const y = Buffer.from(b, 'hex');
    return x.length === y.length && timingSafeEqual(x, y);
  }
}
