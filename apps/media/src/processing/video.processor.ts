import { execFile } from 'node:child_process';
import { accessSync, constants, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { encode } from 'blurhash';

/** What a decoder read from a video: its own figures, not the client's. */
export interface VideoAnalysis {
  width: number;
  height: number;
  durationSeconds: number | null;
  /** A WebP of at most 320 px on the long side. */
  thumbnail: Buffer;
  blurhash: string;
}

export interface VideoTools {
  ffprobe: string;
  ffmpeg: string;
  /** util-linux prlimit, which sets the decoder's resource limits before it runs. */
  prlimit: string;
}

export interface VideoLimits {
  timeoutMs: number;
  /** Address space of each decoder process (RLIMIT_AS). */
  memoryBytes: number;
  /** The largest frame decoded for a thumbnail (width × height). */
  maxPixels: number;
  /** Where the temporary copies go. */
  tempDir: string;
}

/** An executable file of this name: the configured path, else the first on PATH. */
export function findExecutable(configured: string, name: string): string | undefined {
  const candidates = configured ? [configured] : (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, name));
  return candidates.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * ffprobe and ffmpeg run as child processes, never through a shell: under
 * prlimit (address space, CPU seconds, no core files), with one thread, a
 * wall-clock timeout that kills them, and a cap on what they may write back.
 * The video is first streamed from the blob store to a private temporary
 * directory (the decoders need to seek), which is removed afterwards.
 */
export class VideoDecoder {
  constructor(
    private readonly tools: VideoTools,
    private readonly limits: VideoLimits,
  ) {}

  /** The figures and a thumbnail; undefined when the decoder cannot read the video (the caller falls back). */
  async analyse(bytes: AsyncIterable<Uint8Array>): Promise<VideoAnalysis | undefined> {
    const dir = await mkdtemp(join(this.limits.tempDir, 'media-video-'));
    try {
      const file = join(dir, 'input');
      await pipeline(Readable.from(bytes), createWriteStream(file, { mode: 0o600 }));
      return await this.read(file);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async read(file: string): Promise<VideoAnalysis | undefined> {
    const probe = await this.run(this.tools.ffprobe, [
      '-v',
      'error',
      '-print_format',
      'json',
      '-show_entries',
      'format=duration:stream=width,height,duration:stream_side_data=rotation',
      '-select_streams',
      'v:0',
      file,
    ]).catch(() => undefined);
    if (!probe) return undefined;
    const info = parseProbe(probe.toString('utf8'));
    if (!info || info.width * info.height > this.limits.maxPixels) return undefined;
    // A frame a little into the video (the first is often black), the very first when the video is shorter.
    const at = info.durationSeconds ? Math.min(1, info.durationSeconds / 3) : 0;
    const frame = (await this.frame(file, at)) ?? (at > 0 ? await this.frame(file, 0) : undefined);
    if (!frame) return undefined;
    try {
      const thumbnail = await sharp(frame).webp({ quality: 70 }).toBuffer();
      const small = await sharp(frame).resize(32, 32, { fit: 'inside' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      const blurhash = encode(new Uint8ClampedArray(small.data), small.info.width, small.info.height, 4, 3);
      return { ...info, thumbnail, blurhash };
    } catch {
      return undefined;
    }
  }

  /** One frame at `at` seconds as a PNG of at most 320 px on the long side; undefined when there is none. */
  private async frame(file: string, at: number): Promise<Buffer | undefined> {
    const png = await this.run(this.tools.ffmpeg, [
      '-v',
      'error',
      '-nostdin',
      '-threads',
      '1',
      '-ss',
      at.toFixed(3),
      '-i',
      file,
      '-frames:v',
      '1',
      '-vf',
      'scale=320:320:force_original_aspect_ratio=decrease',
      '-f',
      'image2pipe',
      '-c:v',
      'png',
      'pipe:1',
    ]).catch(() => undefined);
    return png?.length ? png : undefined;
  }

  private run(command: string, args: string[]): Promise<Buffer> {
    const cpuSeconds = Math.max(1, Math.ceil(this.limits.timeoutMs / 1000));
    const limited = [`--as=${this.limits.memoryBytes}`, `--cpu=${cpuSeconds}`, '--core=0', '--', command, ...args];
    return new Promise((resolve, reject) => {
      execFile(
        this.tools.prlimit,
        limited,
        { encoding: 'buffer', timeout: this.limits.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024, windowsHide: true },
        (err, stdout) => (err ? reject(err) : resolve(stdout)),
      );
    });
  }
}

/** ffprobe's JSON: the first video stream's display size (turned by its rotation) and the duration. */
export function parseProbe(json: string): Omit<VideoAnalysis, 'thumbnail' | 'blurhash'> | undefined {
  let parsed: {
    streams?: { width?: number; height?: number; duration?: string; side_data_list?: { rotation?: number }[] }[];
    format?: { duration?: string };
  };
  try {
    parsed = JSON.parse(json) as typeof parsed;
  } catch {
    return undefined;
  }
  const stream = parsed.streams?.[0];
  if (!stream?.width || !stream.height) return undefined;
  const rotation = Math.abs(stream.side_data_list?.find((s) => typeof s.rotation === 'number')?.rotation ?? 0) % 180;
  const [width, height] = rotation === 90 ? [stream.height, stream.width] : [stream.width, stream.height];
  const duration = Number(parsed.format?.duration ?? stream.duration);
  return { width, height, durationSeconds: Number.isFinite(duration) && duration > 0 ? Math.round(duration * 100) / 100 : null };
}

/**
 * The thumbnail of a video no decoder read: a dark frame with a play sign,
 * in the aspect the client reported (16:9 when it reported none), at most
 * 320 px on the long side.
 */
export async function genericVideoThumbnail(width?: number | null, height?: number | null): Promise<Buffer> {
  const aspect = width && height ? Math.min(4, Math.max(1 / 4, width / height)) : 16 / 9;
  const w = aspect >= 1 ? 320 : Math.max(16, Math.round(320 * aspect));
  const h = aspect >= 1 ? Math.max(16, Math.round(320 / aspect)) : 320;
  const r = Math.round(Math.min(w, h) / 5);
  const cx = w / 2;
  const cy = h / 2;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <rect width="100%" height="100%" fill="#263238"/>
    <circle cx="${cx}" cy="${cy}" r="${r}" fill="#ffffff" fill-opacity="0.85"/>
    <path d="M${cx - r * 0.35} ${cy - r * 0.5} L${cx + r * 0.55} ${cy} L${cx - r * 0.35} ${cy + r * 0.5} Z" fill="#263238"/>
  </svg>`;
  return sharp(Buffer.from(svg)).webp({ quality: 70 }).toBuffer();
}
