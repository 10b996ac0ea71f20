import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { BaseEnv } from '@app/common';

const PROXY = String.raw`(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(/\d{1,3})?)`;
const TRUST_PROXY_FORMAT = new RegExp(String.raw`^(|false|\d{1,2}|${PROXY}(\s*,\s*${PROXY})*)$`);

export class GatewayEnv extends BaseEnv {
  @IsInt() @Min(0) @Max(65535) PORT = 4000;
  @IsString() HOST = '127.0.0.1';
  /** Unset outside production: read from (or generated into) DATA_DIR, as accounts does. */
  @IsString() JWT_SECRET = '';
  /**
   * Which proxies' X-Forwarded-For to believe: empty or "false" (none: the
   * socket's address), a hop count ("1": the one proxy in front), or a list
   * of proxy addresses, CIDR blocks or loopback/linklocal/uniquelocal. Never
   * "true", which would take the leftmost address, the one a client writes.
   */
  @Matches(TRUST_PROXY_FORMAT, {
    message: 'TRUST_PROXY is "false", a hop count or a list of proxy addresses; "true" would let clients choose their own address',
  })
  TRUST_PROXY = '';
  @IsInt() @Min(1024) BODY_LIMIT_BYTES = 1024 * 1024;
  /** Root fields are depth 0; 1 (root fields and their scalars only) is the strictest useful value. */
  @IsInt() @Min(1) @Max(64) MAX_QUERY_DEPTH = 12;
  /** An operation's cost, fields and aliases (fragments expanded, lists × page sizes; see pipeline/cost.ts): QUERY_TOO_COMPLEX past them. */
  @IsInt() @Min(10) MAX_QUERY_COST = 5000;
  @IsInt() @Min(1) MAX_QUERY_FIELDS = 10000;
  @IsInt() @Min(0) MAX_QUERY_ALIASES = 200;
  /** Fields as written in a query text, checked before graphql-js validates it (validation is quadratic in repeated fields). */
  @IsInt() @Min(10) MAX_QUERY_DOCUMENT_FIELDS = 500;
  /** Lexical tokens of a query text: parsing stops past them (the web app's largest operation has under 1,000). */
  @IsInt() @Min(100) MAX_QUERY_TOKENS = 5000;
  /** The per-user limit counts cost: an operation takes one request's worth per this much cost (at least one). */
  @IsInt() @Min(1) RATE_LIMIT_COST_PER_REQUEST = 100;
  /** Requests per second per client address, and the burst allowed above it. */
  @IsInt() @Min(1) RATE_LIMIT_ADDRESS_PER_SECOND = 50;
  @IsInt() @Min(1) RATE_LIMIT_ADDRESS_BURST = 200;
  /** Requests per second per signed-in user, and the burst. */
  @IsInt() @Min(1) RATE_LIMIT_USER_PER_SECOND = 30;
  @IsInt() @Min(1) RATE_LIMIT_USER_BURST = 120;
  @IsInt() @Min(1) WS_MAX_CONNECTIONS_PER_USER = 20;
  /**
   * How long a session's validity is trusted before asking accounts again.
   * When a revocation event is lost, an open socket is closed at worst this
   * long plus the 1 s sweep (plus a round trip) after the revocation: 3000
   * keeps that under the contract's 5 s; 4000 measured ~4.9 s, no margin.
   */
  @IsInt() @Min(100) @Max(5000) SESSION_CHECK_MS = 3000;
  /** Browser origins besides the gateway's own that may call the API (comma-separated, e.g. https://app.example.ir); none by default. */
  @IsString() CORS_ORIGINS = '';
  /** When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`; in production, /metrics is not served without one. */
  @IsString() METRICS_TOKEN = '';
  /** How often this copy tells accounts who is still connected; a copy silent for 3× this is taken as gone (presence). */
  @IsInt() @Min(1) @Max(3600) PRESENCE_RENEW_SECONDS = 60;
  /** Where the web app's built files are; served at / when present. */
  @IsString() WEB_DIST_DIR = '';
  /** Where browsers reach this gateway, for upload and download URLs (e.g. https://chat.example.com); unset: the address it listens on. */
  @IsString() PUBLIC_URL = '';
  /** Download URLs expire between one and two of these after they are given out. */
  @IsInt() @Min(1) @Max(7 * 86_400) MEDIA_URL_TTL_SECONDS = 3600;
  /** The Object Store bucket of media bytes (as the media service's; replicas: JETSTREAM_REPLICAS). */
  @IsString() MEDIA_BUCKET = 'media';
  /** finishUpload reads every byte once (SHA-256, type, decoding): it may take longer than RPC_TIMEOUT_MS. */
  @IsInt() @Min(1000) MEDIA_FINISH_TIMEOUT_MS = 120_000;

  get corsOrigins(): string[] {
    return this.CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean);
  }

  /** TRUST_PROXY as Fastify takes it. */
  get trustProxy(): boolean | number | string[] {
    if (!this.TRUST_PROXY || this.TRUST_PROXY === 'false') return false;
    if (/^\d+$/.test(this.TRUST_PROXY)) return Number(this.TRUST_PROXY);
    return this.TRUST_PROXY.split(',').map((a) => a.trim());
  }
}
