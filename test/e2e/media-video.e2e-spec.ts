import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { SignedUp, TestPlatform } from '@test/support';
import { findExecutable } from '../../apps/media/src/processing/video.processor';
import { MEDIA, MEDIA_FIELDS, upload } from './media-helpers';

const FIELDS = `${MEDIA_FIELDS} dimensionsFromClient`;
const FINISHED = `mutation($id:ID!){ finishUpload(mediaId:$id){ ${FIELDS} } }`;

/** A real H.264 MP4 of `seconds` seconds at width × height, made by ffmpeg (a test pattern). */
function mp4(width: number, height: number, seconds: number): Buffer {
  const ffmpeg = findExecutable('', 'ffmpeg');
  if (!ffmpeg) throw new Error('ffmpeg is needed on PATH for the video tests (.ci/run installs it)');
  const dir = mkdtempSync(join(tmpdir(), 'video-test-'));
  try {
    const out = join(dir, 'v.mp4');
    execFileSync(ffmpeg, [
      ...['-v', 'error', '-f', 'lavfi', '-i', `testsrc=size=${width}x${height}:rate=10`, '-t', String(seconds)],
      ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-y', out],
    ]);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A WebM by its header (EBML, DocType webm) whose segment holds nothing a decoder can read: a valid container type, no video. */
function unreadableWebm(): Buffer {
  const header = Buffer.from('1a45dfa39f4286810142f7810142f2810442f381084282847765626d42878102428581021853806701ffffffffffffff', 'hex');
  return Buffer.concat([header, Buffer.alloc(2000, 0)]);
}

async function thumbnailOf(url: string) {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  const bytes = Buffer.from(await res.arrayBuffer());
  return { type: res.headers.get('content-type'), meta: await sharp(bytes).metadata(), bytes };
}

describe('media: videos', () => {
  let platform: TestPlatform;
  let alice: SignedUp;
  /** Where the service copies videos for the decoder. */
  const temp = mkdtempSync(join(tmpdir(), 'video-temp-'));

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['accounts', 'media'], env: { MEDIA_TEMP_DIR: temp } });
    alice = await platform.signUp('آلیس');
  });
  afterAll(async () => {
    await platform?.close();
    rmSync(temp, { recursive: true, force: true });
  });

  async function finish(data: Buffer, input: Record<string, unknown>) {
    const { ticket } = await upload(platform, alice, data, input);
    const res = await platform.gql(FINISHED, { id: ticket.mediaId }, alice.token);
    expect(res.errors).toBeUndefined();
    return res.data.finishUpload;
  }

  describe('with a decoder (ffprobe and ffmpeg)', () => {
    it('measures duration and size from the bytes, not the client, and makes a thumbnail frame and a BlurHash', async () => {
      const video = mp4(640, 360, 2);
      const media = await finish(video, { kind: 'VIDEO', mimeType: 'video/mp4', width: 100, height: 100, durationSeconds: 99 });
      // The temporary copy the decoder read is gone.
      expect(readdirSync(temp)).toEqual([]);
      expect(media).toMatchObject({ kind: 'VIDEO', mimeType: 'video/mp4', width: 640, height: 360, dimensionsFromClient: false });
      expect(media.durationSeconds).toBeCloseTo(2, 1);
      expect(media.blurhash).toMatch(/^[0-9A-Za-z#$%*+,\-.:;=?@[\]^_{|}~]{6,}$/);
      const thumb = await thumbnailOf(media.thumbnailUrl);
      expect(thumb.type).toBe('image/webp');
      expect([thumb.meta.width, thumb.meta.height]).toEqual([320, 180]);
      // The video itself is served as uploaded.
      expect(Buffer.from(await (await fetch(media.url)).arrayBuffer()).equals(video)).toBe(true);
    });

    it('falls back to a generic thumbnail and the size the client reported when the decoder cannot read a valid container', async () => {
      const media = await finish(unreadableWebm(), { kind: 'VIDEO', mimeType: 'video/webm', width: 720, height: 1280, durationSeconds: 3 });
      expect(media).toMatchObject({ kind: 'VIDEO', mimeType: 'video/webm', width: 720, height: 1280, dimensionsFromClient: true });
      expect(media.durationSeconds).toBe(3);
      expect(media.blurhash).toBeNull();
      const thumb = await thumbnailOf(media.thumbnailUrl);
      // Generic, in the reported (portrait) aspect.
      expect([thumb.meta.width, thumb.meta.height]).toEqual([180, 320]);
    });

    it('refuses width without height', async () => {
      const res = await platform.gql(
        `mutation($i:StartUploadInput!){ startUpload(input:$i){ mediaId } }`,
        { i: { kind: 'VIDEO', mimeType: 'video/mp4', size: 10, width: 640 } },
        alice.token,
      );
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'height' });
    });
  });

  describe('without a decoder (MEDIA_VIDEO_DECODE=false)', () => {
    beforeAll(async () => {
      await platform.stopService('media');
      await platform.startService('media', { MEDIA_VIDEO_DECODE: 'false' });
    });

    it('shows the size the client reported, marked as such, with a generic thumbnail and no BlurHash', async () => {
      const video = mp4(320, 240, 1);
      const media = await finish(video, { kind: 'VIDEO', mimeType: 'video/mp4', width: 1920, height: 1080 });
      expect(media).toMatchObject({ kind: 'VIDEO', mimeType: 'video/mp4', width: 1920, height: 1080, dimensionsFromClient: true });
      expect(media.blurhash).toBeNull();
      const thumb = await thumbnailOf(media.thumbnailUrl);
      expect(thumb.type).toBe('image/webp');
      expect([thumb.meta.width, thumb.meta.height]).toEqual([320, 180]);
      const again = await platform.gql(MEDIA.replace(MEDIA_FIELDS, FIELDS), { id: media.id }, alice.token);
      expect(again.data.media).toMatchObject({ width: 1920, height: 1080, dimensionsFromClient: true });
    });

    it('has no dimensions to show when the client reported none', async () => {
      const media = await finish(unreadableWebm().subarray(0, 1500), { kind: 'VIDEO', mimeType: 'video/webm' });
      expect(media).toMatchObject({ width: null, height: null, dimensionsFromClient: false });
      expect(media.thumbnailUrl).toEqual(expect.any(String));
    });

    it('measures the same bytes once a decoder is back (a profile of their own)', async () => {
      const video = mp4(320, 240, 1);
      const plain = await finish(video, { kind: 'VIDEO', mimeType: 'video/mp4', width: 10, height: 10 });
      expect(plain.dimensionsFromClient).toBe(true);
      await platform.stopService('media');
      await platform.startService('media');
      const measured = await finish(video, { kind: 'VIDEO', mimeType: 'video/mp4', width: 10, height: 10 });
      expect(measured).toMatchObject({ width: 320, height: 240, dimensionsFromClient: false });
    });
  });
});
