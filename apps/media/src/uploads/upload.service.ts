import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUuid, queryRow, DomainError } from '@app/common';
import { AppendChunkRequest, AppendChunkResult, StartUploadRequest, UploadStarted, UploadStatusView } from '@app/contracts';
import { MediaEnv } from '../config/media.env';
import { rejected } from '../media/media.errors';
import { decodedInMemory, isSha256 } from '../media/media.rules';

interface UploadRow {
  received: string;
  declared_size: string;
  state: UploadStatusView['state'];
  expires_at: Date;
}

/**
 * Uploads before finishUpload: the declared size against the limits and the
 * user's quotas, and the received offset, moved only by compare-and-set so
 * that any gateway copy may take any chunk and a retried or raced chunk is
 * counted once.
 */
@Injectable()
export class UploadService {
  constructor(
    private readonly ds: DataSource,
    private readonly env: MediaEnv,
  ) {}

  async start(input: StartUploadRequest): Promise<UploadStarted> {
    const limit = decodedInMemory(input.kind)
      ? Math.min(this.env.MEDIA_DECODE_MAX_BYTES, this.env.MEDIA_MAX_BYTES)
      : this.env.MEDIA_MAX_BYTES;
    if (input.size > limit) throw rejected('TOO_LARGE', `At most ${limit} bytes`);
    if (input.size === 0) throw DomainError.badInput('size', 'An empty file cannot be sent');
    if (input.sha256 && !isSha256(input.sha256)) throw DomainError.badInput('sha256', 'SHA-256 in lower-case hex');
    const dims = reportedSize(input);
    return this.ds.transaction(async (db) => {
      // One user's starts take turns, so parallel starts cannot together pass a quota.
      await db.query(`SELECT pg_advisory_xact_lock(hashtext('media-quota:' || $1))`, [input.viewerId]);
      const usage = await queryRow<{ today: number; bytes: string }>(
        db,
        `SELECT count(*) FILTER (WHERE created_at > now() - interval '1 day')::int AS today,
                coalesce(sum(declared_size) FILTER (WHERE state <> 'REJECTED'), 0) AS bytes
           FROM media WHERE owner_id = $1`,
        [input.viewerId],
      );
      if (usage!.today >= this.env.MEDIA_UPLOADS_PER_DAY) throw rejected('QUOTA', 'Too many uploads today');
      if (Number(usage!.bytes) + input.size > this.env.MEDIA_QUOTA_BYTES) throw rejected('QUOTA', 'Storage quota reached');
      const row = await queryRow<{ id: string; expires_at: Date }>(
        db,
        `INSERT INTO media (owner_id, kind, claimed_mime, declared_size, file_name, client_duration, client_sha256, expires_at, client_width, client_height)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(secs => $8), $9, $10) RETURNING id, expires_at`,
        [
          input.viewerId,
          input.kind,
          input.mimeType,
          input.size,
          input.fileName?.trim() || null,
          input.durationSeconds ?? null,
          input.sha256 ?? null,
          this.env.MEDIA_UPLOAD_TTL_SECONDS,
          dims?.width ?? null,
          dims?.height ?? null,
        ],
      );
      return { mediaId: row!.id, size: input.size, expiresAt: row!.expires_at.toISOString() };
    });
  }

  async status(mediaId: string): Promise<UploadStatusView | null> {
    if (!isUuid(mediaId)) return null;
    const row = await queryRow<UploadRow>(this.ds, `SELECT received, declared_size, state, expires_at FROM media WHERE id = $1`, [mediaId]);
    return row ? toStatus(row) : null;
  }

  /** Adds a stored chunk if the upload is still at its offset and the chunk fits the declared size. */
  async append(input: AppendChunkRequest): Promise<AppendChunkResult> {
    const moved = await queryRow<{ received: string }>(
      this.ds,
      `UPDATE media SET received = received + $3, parts = parts || jsonb_build_array(jsonb_build_object('key', $4::text, 'size', $3::bigint))
        WHERE id = $1 AND state = 'UPLOADING' AND received = $2 AND received + $3 <= declared_size AND expires_at > now()
        RETURNING received`,
      [input.mediaId, input.offset, input.size, input.key],
    );
    if (moved) return { appended: true, offset: Number(moved.received) };
    const now = await this.status(input.mediaId);
    return { appended: false, offset: now?.offset ?? 0 };
  }
}

function toStatus(row: UploadRow): UploadStatusView {
  return { offset: Number(row.received), length: Number(row.declared_size), state: row.state, expiresAt: row.expires_at.toISOString() };
}

/** The size a client reports for a VIDEO (kept to show when no decoder measures it): both sides or none; other kinds are always measured. */
function reportedSize(input: StartUploadRequest): { width: number; height: number } | undefined {
  const { width, height } = input;
  if ((width === null || width === undefined) !== (height === null || height === undefined)) {
    throw DomainError.badInput(width ? 'height' : 'width', 'Width and height together');
  }
  return input.kind === 'VIDEO' && width && height ? { width, height } : undefined;
}
