import { createHmac, timingSafeEqual } from 'node:crypto';

export type MediaVariant = 'file' | 'thumb';

/**
 * Signed, expiring URLs for downloads and uploads. Access is checked when a
 * URL is given out (only to whoever may see the media); the URL itself then
 * works for whoever holds it until it expires, so browsers and players can
 * fetch it without the GraphQL token, and any gateway copy can check it (one
 * key, derived from JWT_SECRET). Download URLs expire at the end of the next
 * whole period of MEDIA_URL_TTL_SECONDS, so a URL stays the same for a while
 * and the browser's cache keeps working.
 */
export class MediaUrls {
  private readonly key: Buffer;
  /** Where browsers reach this gateway (PUBLIC_URL, or the address it listens on). */
  origin = '';

  constructor(
    secret: Uint8Array,
    private readonly ttlSeconds: number,
  ) {
    this.key = createHmac('sha256', Buffer.from(secret)).update('media-urls-v1').digest();
  }

  /** When download URLs issued now expire. */
  downloadExpiry(now = Date.now()): number {
    const s = Math.floor(now / 1000);
    return (Math.floor(s / this.ttlSeconds) + 2) * this.ttlSeconds;
  }

  download(mediaId: string, variant: MediaVariant, exp: number): string {
    return `${this.origin}/media/${mediaId}/${variant}?exp=${exp}&sig=${this.sign(`get:${mediaId}:${variant}:${exp}`)}`;
  }

  upload(mediaId: string, expiresAt: Date): { url: string; exp: number } {
    const exp = Math.floor(expiresAt.getTime() / 1000);
    return { url: `${this.origin}/media/upload/${mediaId}?exp=${exp}&sig=${this.sign(`put:${mediaId}:${exp}`)}`, exp };
  }

  /** 'ok', or why not: 'expired' or 'bad' (tampered, or not ours). Both answer 403. */
  check(purpose: 'get' | 'put', parts: string[], exp: unknown, sig: unknown, now = Date.now()): 'ok' | 'expired' | 'bad' {
    if (typeof exp !== 'string' || typeof sig !== 'string' || !/^\d{1,12}$/.test(exp)) return 'bad';
    const expected = Buffer.from(this.sign(`${purpose}:${parts.join(':')}:${exp}`));
    const given = Buffer.from(sig);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad';
    return Number(exp) * 1000 <= now ? 'expired' : 'ok';
  }

  private sign(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64url');
  }
}
