import { IsBoolean, IsInt, IsString, Max, Min } from 'class-validator';
import { DatabaseEnv } from '@app/common';

const MiB = 1024 * 1024;

export class MediaEnv extends DatabaseEnv {
  /** This service's own PostgreSQL; DATABASE_URL when empty. */
  @IsString() MEDIA_DATABASE_URL = '';
  /** The largest file (the contract's default 100 MiB; 2 GiB − 1 at most). */
  @IsInt() @Min(1) @Max(2 ** 31 - 1) MEDIA_MAX_BYTES = 100 * MiB;
  /** Photos and voice notes are decoded in memory: their own, smaller limit. */
  @IsInt() @Min(1) @Max(2 ** 31 - 1) MEDIA_DECODE_MAX_BYTES = 32 * MiB;
  /** The largest photo in pixels (width × height); larger ones, decompression bombs included, are refused (TOO_LARGE). */
  @IsInt() @Min(1) MEDIA_MAX_PHOTO_PIXELS = 50_000_000;
  /** Uploads a user may start per 24 hours (QUOTA). */
  @IsInt() @Min(1) MEDIA_UPLOADS_PER_DAY = 1000;
  /** Bytes a user may keep in uploads (QUOTA). */
  @IsInt() @Min(1) MEDIA_QUOTA_BYTES = 10 * 1024 * MiB;
  /** How long an upload URL works (the contract: at least 24 hours). */
  @IsInt() @Min(86_400) MEDIA_UPLOAD_TTL_SECONDS = 86_400;
  /** How often each copy removes uploads never finished before their URL expired (0: never). */
  @IsInt() @Min(0) MEDIA_SWEEP_INTERVAL_MS = 600_000;
  /**
   * How old a post's album recorded before its post was published must be
   * before news is asked whether the post exists (kept) or never will
   * (removed); longer than any publish takes. Checked every MEDIA_SWEEP_INTERVAL_MS.
   */
  @IsInt() @Min(0) MEDIA_POST_SETTLE_AFTER_MS = 300_000;
  /** The Object Store bucket of media bytes (its stream's replicas: JETSTREAM_REPLICAS, raised to that, never lowered). */
  @IsString() MEDIA_BUCKET = 'media';
  /** Read videos (duration, size, a thumbnail frame) with ffprobe and ffmpeg; false: a generic thumbnail and the size the client reports. */
  @IsBoolean() MEDIA_VIDEO_DECODE = true;
  /** ffprobe's path; empty: found on PATH (no ffprobe, or no prlimit to limit it: videos are not decoded). */
  @IsString() FFPROBE_PATH = '';
  /** ffmpeg's path; empty: found on PATH. */
  @IsString() FFMPEG_PATH = '';
  /** Where a video is copied for the decoder (a private directory per video, removed after); empty: the system's temporary directory. */
  @IsString() MEDIA_TEMP_DIR = '';
  /** How long one decoder run may take (wall clock; its CPU time is limited to the same). */
  @IsInt() @Min(1000) MEDIA_VIDEO_TIMEOUT_MS = 30_000;
  /** Address space of one decoder process (RLIMIT_AS). */
  @IsInt() @Min(64 * MiB) MEDIA_VIDEO_MEMORY_BYTES = 1024 * MiB;
}
