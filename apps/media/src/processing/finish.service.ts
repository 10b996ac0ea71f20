import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, isUuid, queryRow } from '@app/common';
import { BlobPart, MediaKind, MediaView } from '@app/contracts';
import { incomplete, rejected } from '../media/media.errors';
import { MEDIA_SELECT, MediaRow, toMediaView } from '../media/media.row';
import { RejectReason } from '../media/media.rules';
import { BlobFields, MediaProcessor } from './media.processor';

interface PendingRow {
  id: string;
  owner_id: string;
  kind: MediaKind;
  declared_size: string;
  received: string;
  parts: BlobPart[];
  state: 'UPLOADING' | 'READY' | 'REJECTED';
  reject_reason: RejectReason | null;
  client_sha256: string | null;
  client_width: number | null;
  client_height: number | null;
}

/**
 * finishUpload: the upload's row is locked for the whole check, so a
 * retried or doubled finish waits and then answers the first one's result;
 * a refusal is recorded (the upload takes no more bytes) and its chunks are
 * removed. Identical bytes share one blob: the first finish stores it, later
 * ones point at it and drop their chunks.
 */
@Injectable()
export class FinishService {
  constructor(
    private readonly ds: DataSource,
    private readonly processor: MediaProcessor,
  ) {}

  async finish(viewerId: string, mediaId: string): Promise<MediaView> {
    if (!isUuid(mediaId)) throw DomainError.notFound('No such upload');
    const outcome = await this.ds.transaction((db) => this.finishLocked(db, viewerId, mediaId));
    if ('reject' in outcome) throw outcome.reject;
    return outcome.view;
  }

  private async finishLocked(db: EntityManager, viewerId: string, mediaId: string): Promise<{ view: MediaView } | { reject: DomainError }> {
    const m = await queryRow<PendingRow>(
      db,
      `SELECT id, owner_id, kind, declared_size, received, parts, state, reject_reason, client_sha256, client_width, client_height FROM media WHERE id = $1 FOR UPDATE`,
      [mediaId],
    );
    if (!m || m.owner_id !== viewerId) throw DomainError.notFound('No such upload');
    if (m.state === 'READY') return { view: await this.view(db, mediaId) };
    if (m.state === 'REJECTED') return { reject: rejected(m.reject_reason ?? 'UNREADABLE', 'This upload was refused') };
    if (Number(m.received) < Number(m.declared_size)) throw incomplete(Number(m.received));
    try {
      const seen = await this.processor.inspect(m);
      const existing = await queryRow<{ sha256: string }>(db, `SELECT sha256 FROM blobs WHERE sha256 = $1 AND profile = $2`, [
        seen.sha256,
        seen.profile,
      ]);
      let keepParts = false;
      if (!existing) {
        const blob = await this.processor.process(m, seen);
        keepParts = blob.parts === m.parts;
        const inserted = await insertBlob(db, blob);
        // Another finish stored the same bytes meanwhile: theirs is kept, these chunks go.
        if (!inserted) keepParts = false;
      }
      await db.query(
        `UPDATE media SET state = 'READY', blob_sha256 = $2, blob_profile = $3, parts = '[]', finished_at = now() WHERE id = $1`,
        [mediaId, seen.sha256, seen.profile],
      );
      if (!keepParts) await this.processor.discard(m.parts);
      return { view: await this.view(db, mediaId) };
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      await db.query(`UPDATE media SET state = 'REJECTED', reject_reason = $2, parts = '[]' WHERE id = $1`, [mediaId, err.extra.reason]);
      await this.processor.discard(m.parts);
      return { reject: err };
    }
  }

  private async view(db: EntityManager, mediaId: string): Promise<MediaView> {
    const row = await queryRow<MediaRow>(db, `${MEDIA_SELECT} WHERE m.id = $1`, [mediaId]);
    return toMediaView(row!);
  }
}

async function insertBlob(db: EntityManager, b: BlobFields): Promise<boolean> {
  const row = await queryRow<{ sha256: string }>(
    db,
    `INSERT INTO blobs (sha256, profile, parts, size, mime_type, width, height, duration_seconds, waveform, blurhash, thumb_key, thumb_size)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING RETURNING sha256`,
    [
      b.sha256,
      b.profile,
      JSON.stringify(b.parts),
      b.size,
      b.mimeType,
      b.width ?? null,
      b.height ?? null,
      b.durationSeconds ?? null,
      b.waveform ?? null,
      b.blurhash ?? null,
      b.thumbKey ?? null,
      b.thumbSize ?? null,
    ],
  );
  return !!row;
}
