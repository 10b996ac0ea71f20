import { IsBoolean, IsInt, IsString, Max, Min } from 'class-validator';
import { BaseEnv } from '@app/common';

export class GatewayEnv extends BaseEnv {
  @IsInt() @Min(0) @Max(65535) PORT = 4000;
  @IsString() HOST = '127.0.0.1';
  /** Unset outside production: read from (or generated into) DATA_DIR, as accounts does. */
  @IsString() JWT_SECRET = '';
  /** Behind a proxy, take the client address from X-Forwarded-For. */
  @IsBoolean() TRUST_PROXY = false;
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
  /** How long the web app's refresh cookie lives; as accounts' REFRESH_TOKEN_TTL_DAYS (the token itself expires then anyway). */
  @IsInt() @Min(1) @Max(365) REFRESH_COOKIE_DAYS = 60;
  /** How often this copy tells accounts who is still connected; a copy silent for 3× this is taken as gone (presence). */
  @IsInt() @Min(1) @Max(3600) PRESENCE_RENEW_SECONDS = 60;
  /** Where the web app's built files are; served at / when present. */
  @IsString() WEB_DIST_DIR = '';
}
