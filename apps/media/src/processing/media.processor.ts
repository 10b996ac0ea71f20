import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Logger } from 'pino';
import { BLOB_STORE, BlobStore, LOGGER, readParts } from '@app/common';
import { BlobPart, MediaKind } from '@app/contracts';
import { MediaEnv } from '../config/media.env';
import { rejected } from '../media/media.errors';
import { decodedInMemory, kindAccepts, voiceMime } from '../media/media.rules';
import { processPhoto } from './photo.processor';
import { HEAD_BYTES, sniffType } from './sniff';
import { findExecutable, genericVideoThumbnail, VideoDecoder } from './video.processor';
import { analyseVoice } from './voice.processor';

export interface Upload {
  id: string;
  kind: MediaKind;
  parts: BlobPart[];
  client_sha256: string | null;
  client_width?: number | null;
  client_height?: number | null;
}

/** What a blobs row holds (the processed content of one sha256 and profile). */
export interface BlobFields {
  sha256: string;
  /** video: read by the decoder (measured, or unreadable to it); video-plain: no decoder was at hand. */
  profile: 'raw' | 'photo' | 'voice' | 'video' | 'video-plain';
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
export class MediaProcessor implements OnModuleInit {
  /** undefined: videos are not decoded on this copy (turned off, or ffprobe, ffmpeg or prlimit missing). */
  private readonly video: VideoDecoder | undefined;

  constructor(
    @Inject(BLOB_STORE) private readonly store: BlobStore,
    private readonly env: MediaEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const ffprobe = findExecutable(env.FFPROBE_PATH, 'ffprobe');
    const ffmpeg = findExecutable(env.FFMPEG_PATH, 'ffmpeg');
    const prlimit = findExecutable('', 'prlimit');
    if (env.MEDIA_VIDEO_DECODE && ffprobe && ffmpeg && prlimit) {
      this.video = new VideoDecoder(
        { ffprobe, ffmpeg, prlimit },
        {
          timeoutMs: env.MEDIA_VIDEO_TIMEOUT_MS,
          memoryBytes: env.MEDIA_VIDEO_MEMORY_BYTES,
          maxPixels: env.MEDIA_MAX_PHOTO_PIXELS,
          tempDir: env.MEDIA_TEMP_DIR || tmpdir(),
        },
      );
    }
  }

  onModuleInit(): void {
    this.logger.info(
      { videoDecoder: this.video ? 'ffmpeg' : 'none', enabled: this.env.MEDIA_VIDEO_DECODE },
      this.video
        ? 'videos are decoded with ffprobe and ffmpeg'
        : 'videos are not decoded: generic thumbnails, sizes as clients report them',
    );
  }

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
    const profile = profileOf(upload.kind, !!this.video);
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
    if (seen.profile === 'video' || seen.profile === 'video-plain') return { ...base, ...(await this.processVideo(upload, seen)) };
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

  /**
   * A video keeps its bytes as uploaded; a decoder adds its size, duration,
   * a thumbnail frame and a BlurHash. Without one (or when it cannot read
   * this video) the thumbnail is a generic one and the size is what the
   * client reported (on the media row, shown as dimensionsFromClient).
   */
  private async processVideo(upload: Upload, seen: Inspected): Promise<Partial<BlobFields>> {
    const thumbKey = `b/${seen.sha256}/${seen.profile}-thumb`;
    const read = this.video ? await this.video.analyse(readParts(this.store, upload.parts)) : undefined;
    if (this.video && !read) this.logger.warn({ mediaId: upload.id, code: 'VIDEO_UNREADABLE' }, 'the decoder could not read a video');
    const thumbnail = read?.thumbnail ?? (await genericVideoThumbnail(upload.client_width, upload.client_height));
    const thumbSize = await this.store.put(thumbKey, once(thumbnail));
    if (!read) return { thumbKey, thumbSize };
    return {
      width: read.width,
      height: read.height,
      durationSeconds: read.durationSeconds ?? undefined,
      blurhash: read.blurhash,
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

function profileOf(kind: MediaKind, videoDecoder: boolean): BlobFields['profile'] {
  switch (kind) {
    case 'PHOTO':
      return 'photo';
    case 'VOICE':
      return 'voice';
    case 'VIDEO':
      return videoDecoder ? 'video' : 'video-plain';
    default:
      return 'raw';
  }
}
