import { IsString, IsBoolean, IsInt, Matches, Max, Min } from 'class-validator';
import { DatabaseEnv } from '@app/common';

export class MessagingEnv extends DatabaseEnv {
  /** This service's own PostgreSQL; DATABASE_URL when empty. */
  @IsString() MESSAGING_DATABASE_URL = '';
  /** Characters of a message after trimming (CONTRACT.md, Limits). */
  @IsInt() @Min(1) @Max(65536) MESSAGE_MAX_LENGTH = 4096;
  @IsInt() @Min(2) @Max(100000) GROUP_MAX_MEMBERS = 1000;
  @IsInt() @Min(1) @Max(8760) EDIT_WINDOW_HOURS = 48;
  /** At most one typing event per user per conversation in this window (per service copy). */
  @IsInt() @Min(0) @Max(60000) TYPING_THROTTLE_MS = 3000;
  /**
   * How long "these two have not blocked each other" is trusted before asking
   * accounts again, for sends in direct conversations. A block therefore
   * stops messages within this long; 0 asks on every send.
   */
  @IsInt() @Min(0) @Max(60000) BLOCK_CACHE_MS = 1000;
  /**
   * Sends stored together: at most this many batches at once per service
   * copy (each one transaction), each of at most SEND_BATCH_MAX messages.
   * A send arriving while all are busy waits for the next batch.
   */
  @IsInt() @Min(1) @Max(64) SEND_BATCH_CONCURRENCY = 2;
  @IsInt() @Min(1) @Max(1000) SEND_BATCH_MAX = 100;
  /**
   * Days each user's update stream is kept; a client offline for longer
   * reloads its conversations instead of catching up (updates(after) answers
   * BAD_USER_INPUT on field after). The newest update of each user is kept.
   */
  @IsInt() @Min(1) @Max(3650) UPDATES_KEEP_DAYS = 30;
  /** How often old updates are pruned; 0 never (then the streams grow without end). */
  @IsInt() @Min(0) @Max(86_400_000) UPDATES_PRUNE_INTERVAL_MS = 3_600_000;
  /** Post PAYMENT / BILL_PAYMENT messages from payments' JetStream events. */
  @IsBoolean() PAYMENTS_CONSUMER = true;
  /** Run the Web Push worker in this copy (copies share the work: each user's cursor is claimed with SKIP LOCKED). */
  @IsBoolean() PUSH_WORKER = true;
  /** How often the worker reads the update streams of users with a registered browser. */
  @IsInt() @Min(50) @Max(600_000) PUSH_POLL_MS = 1000;
  /**
   * VAPID keys (base64url, as web-push generate-vapid-keys prints them). Empty outside production: generated
   * once into DATA_DIR/vapid.json. Empty in production: Web Push is off (webPushPublicKey is null).
   */
  @IsString() VAPID_PUBLIC_KEY = '';
  @IsString() VAPID_PRIVATE_KEY = '';
  /** Who push services may contact about this sender: a mailto: or https: URL. */
  @Matches(/^(mailto:|https:\/\/)\S+$/) VAPID_SUBJECT = 'mailto:push@example.invalid';
  /** How long a push service keeps a notification for an offline browser. */
  @IsInt() @Min(0) @Max(2_419_200) PUSH_TTL_SECONDS = 86_400;
  @IsInt() @Min(100) @Max(60_000) PUSH_TIMEOUT_MS = 10_000;
  /** A PEM file of certificates trusted for push services besides the system's (a push service behind a private CA; tests). */
  @IsString() PUSH_EXTRA_CA_FILE = '';
}
