import { BlobPart, MediaKind, MediaView } from '@app/contracts';

/** A finished media joined with its blob, as MEDIA_SELECT reads it. */
export interface MediaRow {
  id: string;
  owner_id: string;
  kind: MediaKind;
  file_name: string | null;
  client_duration: number | null;
  client_width: number | null;
  client_height: number | null;
  created_at: Date;
  sha256: string;
  profile: string;
  parts: BlobPart[];
  size: string;
  mime_type: string;
  width: number | null;
  height: number | null;
  duration_seconds: number | null;
  waveform: number[] | null;
  blurhash: string | null;
  thumb_key: string | null;
  thumb_size: number | null;
}

/** Finished media with their blob (alias m for media, b for blobs). */
export const MEDIA_SELECT = `SELECT m.id, m.owner_id, m.kind, m.file_name, m.client_duration, m.client_width, m.client_height, m.created_at,
    b.sha256, b.profile, b.parts, b.size, b.mime_type, b.width, b.height, b.duration_seconds, b.waveform, b.blurhash, b.thumb_key, b.thumb_size
  FROM media m JOIN blobs b ON b.sha256 = m.blob_sha256 AND b.profile = m.blob_profile`;

export function toMediaView(r: MediaRow): MediaView {
  const reported = r.kind === 'VIDEO' && r.width === null && r.client_width !== null && r.client_height !== null;
  return {
    id: r.id,
    ownerId: r.owner_id,
    kind: r.kind,
    mimeType: r.mime_type,
    size: Number(r.size),
    fileName: r.file_name,
    // A video no decoder measured shows the size its uploader's client reported, marked as such.
    width: r.width ?? (reported ? r.client_width : null),
    height: r.height ?? (reported ? r.client_height : null),
    dimensionsFromClient: reported,
    // Decoded from the bytes where a decoder is at hand (voice notes, Opus audio); else what the client said.
    durationSeconds: r.duration_seconds ?? r.client_duration,
    waveform: r.waveform,
    blurhash: r.blurhash,
    hasThumbnail: r.thumb_key !== null,
    etag: `${r.sha256.slice(0, 32)}-${r.profile}`,
    createdAt: r.created_at.toISOString(),
  };
}
