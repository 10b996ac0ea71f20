import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { BLOB_STORE, BlobStore, readParts } from '@app/common';
import { BlobPart, MediaKind } from '@app/contracts';
import { MediaEnv } from '../config/media.env';
import { rejected } from '../media/media.errors';
import { decodedInMemory, kindAccepts, voiceMime } from '../media/media.rules';
import { processPhoto } from './photo.processor';
import { HEAD_BYTES, sniffType } from './sniff';
import { analyseVoice } from './voice.processor';

export interface Upload {
  id: string;
  kind: MediaKind;
  parts: BlobPart[];
  client_sha256: string | null;
}

/** What a blobs row holds (the processed content of one sha256 and profile). */
export interface BlobFields {
  sha256: string;
  profile: 'raw' | 'photo' | 'voice';
  parts: BlobPart[];
  size: number;
  mimeType: string;
  width?: number;
  height?: number;
  durationSeconds?: number;
  waveform?: number[];
  blurhash?: string;
  thumbKey?: string;
  thumbSize?: number;
}

export interface Inspected {
  sha256: string;
  found: string;
  profile: BlobFields['profile'];
  /** The whole file, for kinds decoded in memory. */
  data?: Buffer;
}

/**
 * Reads an upload's chunks once, in order: the SHA-256 of every byte, the
 * type from the first bytes, and (photos and voice notes only, under their
 * own size limit) the whole file for decoding. Then the kind's processing.
 */
@Injectable()
export class MediaProcessor {
  constructor(
    @Inject(BLOB_STORE) private readonly store: BlobStore,
    private readonly env: MediaEnv,
  ) {}

  async inspect(upload: Upload): Promise<Inspected> {
    const hash = createHash('sha256');
    const keep = decodedInMemory(upload.kind);
    const chunks: Buffer[] = [];
    let held = 0;
    for await (const chunk of readParts(this.store, upload.parts)) {
      hash.update(chunk);
      if (keep || held < HEAD_BYTES) {
        chunks.push(Buffer.from(chunk));
        held += chunk.length;
      }
    }
    const sha256 = hash.digest('hex');
    if (upload.client_sha256 && upload.client_sha256 !== sha256) throw rejected('CHECKSUM', 'The SHA-256 of what arrived differs');
    const data = Buffer.concat(chunks);
    const found = await sniffType(data.subarray(0, HEAD_BYTES));
    if (!kindAccepts(upload.kind, found)) throw rejected('TYPE_MISMATCH', `The bytes are ${found}, not a ${upload.kind.toLowerCase()}`);
    const profile = upload.kind === 'PHOTO' ? 'photo' : upload.kind === 'VOICE' ? 'voice' : 'raw';
    return { sha256, found, profile, data: keep ? data : undefined };
  }

  /** The blob of new content: photos re-encoded into objects of their own; other kinds keep the upload's chunks as they are. */
  async process(upload: Upload, seen: Inspected): Promise<BlobFields> {
    const size = upload.parts.reduce((n, p) => n + p.size, 0);
    const base = { sha256: seen.sha256, profile: seen.profile, parts: upload.parts, size, mimeType: seen.found };
    if (seen.profile === 'voice') {
      const container = voiceMime(seen.found) === 'audio/webm' ? 'webm' : 'ogg';
      return { ...base, mimeType: voiceMime(seen.found), ...(await analyseVoice(seen.data!, container)) };
    }
    if (seen.profile !== 'photo') return base;
    const photo = await processPhoto(seen.data!, this.env.MEDIA_MAX_PHOTO_PIXELS);
    const key = `b/${seen.sha256}/photo`;
    const thumbKey = `b/${seen.sha256}/thumb`;
    const stored = await this.store.put(key, once(photo.data));
    const thumbSize = await this.store.put(thumbKey, once(photo.thumbnail));
    return {
      ...base,
      parts: [{ key, size: stored }],
      size: stored,
      mimeType: photo.mimeType,
      width: photo.width,
      height: photo.height,
      blurhash: photo.blurhash,
      thumbKey,
      thumbSize,
    };
  }

  /** Removes an upload's chunks (rejected, deduplicated, or re-encoded: a photo's original, with its EXIF, must not stay). */
  async discard(parts: BlobPart[]): Promise<void> {
    for (const part of parts) await this.store.delete(part.key);
  }
}

async function* once(data: Buffer): AsyncGenerator<Uint8Array> {
  yield data;
}
