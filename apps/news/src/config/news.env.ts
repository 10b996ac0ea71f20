import { IsBoolean, IsInt, IsString, Max, Min } from 'class-validator';
import { DatabaseEnv } from '@app/common';

export class NewsEnv extends DatabaseEnv {
  /** This service's own PostgreSQL; DATABASE_URL when empty. */
  @IsString() NEWS_DATABASE_URL = '';
  /** The contract's post text limit (characters after trimming). */
  @IsInt() @Min(1) @Max(1_000_000) POST_TEXT_MAX = 16384;
  /** How often each copy looks for posts whose time has come (scheduled ones, and any not yet announced live). */
  @IsInt() @Min(20) @Max(60_000) NEWS_ANNOUNCE_TICK_MS = 1000;

  /** Polls feed sources at all (a copy may be set to serve requests only). */
  @IsBoolean() FEEDS_POLLING = true;
  /** How often each copy looks for feed sources that are due. */
  @IsInt() @Min(20) @Max(600_000) FEEDS_POLL_TICK_MS = 5000;
  /** Bounds of the adaptive poll interval. */
  @IsInt() @Min(1) FEEDS_MIN_INTERVAL_SECONDS = 300;
  @IsInt() @Min(1) FEEDS_MAX_INTERVAL_SECONDS = 86_400;
  /** One fetch, DNS and redirects included, ends after this. */
  @IsInt() @Min(100) @Max(300_000) FEEDS_FETCH_TIMEOUT_MS = 15_000;
  /** A feed larger than this (after decompression) is refused. */
  @IsInt() @Min(1024) FEEDS_MAX_BYTES = 5 * 1024 * 1024;
  @IsInt() @Min(0) @Max(20) FEEDS_MAX_REDIRECTS = 5;
  /** Only the newest items of a fetch become posts (a first fetch of a long archive would flood the channel). */
  @IsInt() @Min(1) @Max(1000) FEEDS_MAX_ITEMS_PER_FETCH = 50;
  /** Feed sources per channel. */
  @IsInt() @Min(1) @Max(1000) FEEDS_MAX_PER_CHANNEL = 50;
  /**
   * Non-public addresses a feed URL may resolve to, comma-separated: `loopback`,
   * `private`, `link-local`, `all`, or CIDR blocks (10.1.0.0/16, fd00::/8).
   * Empty (the default): only public addresses, against SSRF.
   */
  @IsString() FEEDS_ALLOW_PRIVATE = '';
  @IsString() FEEDS_USER_AGENT = 'SuperAppNews/1.0 (+feed fetcher)';
}
