import zlib from 'node:zlib';
import sharp from 'sharp';
import { errorCode, SignedUp, TestPlatform } from '@test/support';
import { FINISH, MEDIA, on, oggOpusVoice, patch, sha256, startUpload, upload } from './media-helpers';

const ENV = { RATE_LIMIT_USER_PER_SECOND: '100000', RATE_LIMIT_USER_BURST: '100000' };

/** A JPEG with EXIF that carries a GPS position (IFD3 is the GPS directory in libvips's names). */
async function jpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 200, g: 30, b: 60 } } })
    .jpeg()
    .withExif({ IFD0: { Make: 'TestCam', Model: 'GPS-1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '35/1 41/1 2/1' } })
    .toBuffer();
}

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(zlib.crc32(body), 8 + data.length);
  return out;
}

/** A few hundred bytes of PNG that would decode to width × height pixels: rows of zeros, deflated. */
function pngBomb(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const rows = zlib.deflateSync(Buffer.alloc((width + 1) * 64), { level: 9 });
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk('IHDR', ihdr), pngChunk('IDAT', rows), pngChunk('IEND', Buffer.alloc(0))]);
}

describe('media: uploads and downloads', () => {
  let platform: TestPlatform;
  let alice: SignedUp;
  let bob: SignedUp;

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['accounts', 'messaging', 'news', 'media'], env: ENV });
    [alice, bob] = await Promise.all([platform.signUp('آلیس'), platform.signUp('باب')]);
  });
  afterAll(async () => {
    await platform?.close();
  });

  describe('startUpload', () => {
    it('refuses a 1 GB declared upload with MEDIA_REJECTED TOO_LARGE', async () => {
      const res = await platform.gql(
        `mutation($i:StartUploadInput!){ startUpload(input:$i){ mediaId } }`,
        {
          i: { kind: 'FILE', mimeType: 'application/zip', size: 1024 * 1024 * 1024 },
        },
        alice.token,
      );
      expect(errorCode(res)).toBe('MEDIA_REJECTED');
      expect(res.errors![0].extensions).toMatchObject({ reason: 'TOO_LARGE' });
    });

    it('gives an upload URL on the gateway valid for at least 24 hours', async () => {
      const ticket = await startUpload(platform, alice, { kind: 'FILE', mimeType: 'text/plain', size: 10 });
      expect(ticket.uploadUrl.startsWith(platform.url + '/media/upload/')).toBe(true);
      expect(new Date(ticket.expiresAt).getTime() - Date.now()).toBeGreaterThanOrEqual(24 * 3600 * 1000 - 60_000);
    });
  });

  describe('PUT and tus', () => {
    it('takes a file larger than the GraphQL body limit in one PUT, streamed', async () => {
      const data = Buffer.alloc(5 * 1024 * 1024 + 3, 7);
      const { finished } = await upload(platform, alice, data, {
        kind: 'FILE',
        mimeType: 'application/octet-stream',
        sha256: sha256(data),
      });
      expect(finished.errors).toBeUndefined();
      expect(finished.data.finishUpload).toMatchObject({ size: data.length, mimeType: 'application/octet-stream' });
      const tail = await fetch(finished.data.finishUpload.url, { headers: { range: 'bytes=-3' } });
      expect(tail.status).toBe(206);
      expect(Buffer.from(await tail.arrayBuffer())).toEqual(Buffer.from([7, 7, 7]));
    });

    it('answers 409 to a PATCH at the wrong offset and keeps the right one', async () => {
      const data = Buffer.from('0123456789abcdef');
      const ticket = await startUpload(platform, alice, { kind: 'FILE', mimeType: 'text/plain', size: data.length });
      expect((await patch(ticket.uploadUrl, 0, data.subarray(0, 6))).status).toBe(204);
      const wrong = await patch(ticket.uploadUrl, 3, data.subarray(3, 9));
      expect(wrong.status).toBe(409);
      expect(wrong.headers.get('upload-offset')).toBe('6');
      const head = await fetch(ticket.uploadUrl, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0' } });
      expect(head.headers.get('upload-offset')).toBe('6');
      expect(head.headers.get('upload-length')).toBe(String(data.length));
    });

    it('answers 413 to more bytes than declared and keeps none of them', async () => {
      const ticket = await startUpload(platform, alice, { kind: 'FILE', mimeType: 'text/plain', size: 8 });
      expect((await patch(ticket.uploadUrl, 0, Buffer.from('0123456789'))).status).toBe(413);
      const put = await fetch(ticket.uploadUrl, { method: 'PUT', body: Buffer.from('0123456789') });
      expect(put.status).toBe(413);
      const head = await fetch(ticket.uploadUrl, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0' } });
      expect(head.headers.get('upload-offset')).toBe('0');
    });

    it('answers UPLOAD_INCOMPLETE with the bytes received when finishing early', async () => {
      const ticket = await startUpload(platform, alice, { kind: 'FILE', mimeType: 'text/plain', size: 10 });
      await patch(ticket.uploadUrl, 0, Buffer.from('0123'));
      const res = await platform.gql(FINISH, { id: ticket.mediaId }, alice.token);
      expect(errorCode(res)).toBe('UPLOAD_INCOMPLETE');
      expect(res.errors![0].extensions).toMatchObject({ received: 4 });
    });

    it('takes chunks alternating between two gateway copies and serves the file from either', async () => {
      const second = await platform.startGateway();
      const data = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
      const ticket = await startUpload(platform, alice, {
        kind: 'FILE',
        mimeType: 'application/octet-stream',
        size: data.length,
        sha256: sha256(data),
      });
      const gateways = [platform.url, second.url];
      for (let offset = 0, i = 0; offset < data.length; offset += 64 * 1024, i++) {
        const res = await patch(on(gateways[i % 2], ticket.uploadUrl), offset, data.subarray(offset, offset + 64 * 1024));
        expect(res.status).toBe(204);
      }
      const finished = await platform.gql(FINISH, { id: ticket.mediaId }, alice.token, second.url);
      expect(finished.errors).toBeUndefined();
      const url = finished.data.finishUpload.url as string;
      for (const gw of gateways) expect(Buffer.from(await (await fetch(on(gw, url))).arrayBuffer()).equals(data)).toBe(true);
    });

    it('resumes an upload whose connection dropped mid-chunk, and checks its sha256', async () => {
      const data = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7) % 256));
      const ticket = await startUpload(platform, alice, {
        kind: 'FILE',
        mimeType: 'application/octet-stream',
        size: data.length,
        sha256: sha256(data),
      });
      expect((await patch(ticket.uploadUrl, 0, data.subarray(0, 50_000))).status).toBe(204);
      // The next chunk's connection drops after part of it was sent.
      const controller = new AbortController();
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(data.subarray(50_000, 80_000));
          setTimeout(() => controller.abort(), 200);
        },
      });
      await fetch(ticket.uploadUrl, {
        method: 'PATCH',
        headers: { 'tus-resumable': '1.0.0', 'content-type': 'application/offset+octet-stream', 'upload-offset': '50000' },
        body,
        signal: controller.signal,
        duplex: 'half',
      } as RequestInit).catch(() => undefined);
      let offset = -1;
      for (let i = 0; i < 50 && offset !== 50_000; i++) {
        const head = await fetch(ticket.uploadUrl, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0' } });
        offset = Number(head.headers.get('upload-offset'));
        if (offset !== 50_000) await new Promise((r) => setTimeout(r, 50));
      }
      expect(offset).toBe(50_000);
      expect((await patch(ticket.uploadUrl, offset, data.subarray(offset))).status).toBe(204);
      const finished = await platform.gql(FINISH, { id: ticket.mediaId }, alice.token);
      expect(finished.errors).toBeUndefined();
      expect(finished.data.finishUpload.size).toBe(data.length);
      const got = Buffer.from(await (await fetch(finished.data.finishUpload.url)).arrayBuffer());
      expect(sha256(got)).toBe(sha256(data));
    });

    it('refuses bytes whose sha256 differs from the declared one (CHECKSUM)', async () => {
      const data = Buffer.from('hello world');
      const { finished } = await upload(platform, alice, data, {
        kind: 'FILE',
        mimeType: 'text/plain',
        sha256: sha256(Buffer.from('other')),
      });
      expect(errorCode(finished)).toBe('MEDIA_REJECTED');
      expect(finished.errors![0].extensions).toMatchObject({ reason: 'CHECKSUM' });
    });
  });

  describe('photos', () => {
    it('strips EXIF and GPS, re-encodes, and makes a thumbnail of at most 320 px and a BlurHash', async () => {
      const original = await jpegWithGps();
      expect((await sharp(original).metadata()).exif?.length).toBeGreaterThan(0);
      const { finished } = await upload(platform, alice, original, { kind: 'PHOTO', mimeType: 'image/jpeg', fileName: 'عکس.jpg' });
      expect(finished.errors).toBeUndefined();
      const media = finished.data.finishUpload;
      expect(media).toMatchObject({ kind: 'PHOTO', mimeType: 'image/jpeg', width: 640, height: 480, fileName: 'عکس.jpg' });
      expect(media.blurhash).toMatch(/^[0-9A-Za-z#$%*+,\-.:;=?@[\]^_{|}~]{6,}$/);
      const res = await fetch(media.url);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      expect(res.headers.get('content-disposition')).toMatch(/^inline/);
      const stored = Buffer.from(await res.arrayBuffer());
      const meta = await sharp(stored).metadata();
      expect(meta.exif).toBeUndefined();
      expect(stored.includes(Buffer.from('Exif'))).toBe(false);
      expect(stored.includes(Buffer.from('TestCam'))).toBe(false);
      const thumb = await sharp(Buffer.from(await (await fetch(media.thumbnailUrl)).arrayBuffer())).metadata();
      expect(Math.max(thumb.width!, thumb.height!)).toBeLessThanOrEqual(320);
    });

    it('refuses an SVG or HTML claimed as a photo (TYPE_MISMATCH)', async () => {
      const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
      const { finished } = await upload(platform, alice, svg, { kind: 'PHOTO', mimeType: 'image/png' });
      expect(errorCode(finished)).toBe('MEDIA_REJECTED');
      expect(finished.errors![0].extensions).toMatchObject({ reason: 'TYPE_MISMATCH' });
    });

    it('refuses a photo over the pixel limit (a decompression bomb) as TOO_LARGE', async () => {
      const { finished } = await upload(platform, alice, pngBomb(40_000, 40_000), { kind: 'PHOTO', mimeType: 'image/png' });
      expect(finished.errors![0].extensions).toMatchObject({ code: 'MEDIA_REJECTED', reason: 'TOO_LARGE' });
    });
  });

  describe('voice notes', () => {
    it('measures the duration and draws a 64-sample waveform from the Opus audio', async () => {
      const voice = oggOpusVoice(2);
      const { finished } = await upload(platform, alice, voice, { kind: 'VOICE', mimeType: 'audio/ogg', durationSeconds: 99 });
      expect(finished.errors).toBeUndefined();
      const media = finished.data.finishUpload;
      expect(media.mimeType).toBe('audio/ogg');
      expect(media.durationSeconds).toBeCloseTo(2, 1);
      expect(media.waveform).toHaveLength(64);
      expect(media.waveform.every((v: number) => v >= 0 && v <= 31)).toBe(true);
      expect(Math.max(...media.waveform.slice(0, 28))).toBeLessThan(4);
      expect(Math.min(...media.waveform.slice(36))).toBeGreaterThan(20);
    });
  });

  describe('downloads', () => {
    it('serves an SVG with a script as an attachment, never sniffed', async () => {
      const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
      const { finished } = await upload(platform, alice, svg, { kind: 'FILE', mimeType: 'image/svg+xml', fileName: 'x.svg' });
      const res = await fetch(finished.data.finishUpload.url);
      expect(res.headers.get('content-type')).toBe('image/svg+xml');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toMatch(/^private/);
    });

    it('answers a Range with 206, and 403 for a tampered or expired URL', async () => {
      const data = Buffer.from('abcdefghijklmnopqrstuvwxyz');
      const { finished } = await upload(platform, alice, data, { kind: 'FILE', mimeType: 'text/plain' });
      const url = finished.data.finishUpload.url as string;
      const full = await fetch(url);
      expect(full.headers.get('accept-ranges')).toBe('bytes');
      expect(full.headers.get('etag')).toBeTruthy();
      const part = await fetch(url, { headers: { range: 'bytes=3-6' } });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes 3-6/${data.length}`);
      expect(await part.text()).toBe('defg');
      // Another first character (a signature that starts with A already would otherwise stay as it was).
      const tampered = url.replace(/sig=(.)/, (_, first: string) => `sig=${first === 'A' ? 'B' : 'A'}`);
      expect(tampered).not.toBe(url);
      expect((await fetch(tampered)).status).toBe(403);
      expect((await fetch(url.replace(/exp=\d+/, 'exp=1000'))).status).toBe(403);
    });

    it('keeps one copy of identical bytes, and never lets another user reach the media', async () => {
      const data = Buffer.from('the same meme, twice');
      const a = await upload(platform, alice, data, { kind: 'FILE', mimeType: 'text/plain' });
      const b = await upload(platform, bob, data, { kind: 'FILE', mimeType: 'text/plain' });
      const ra = await fetch(a.finished.data.finishUpload.url);
      const rb = await fetch(b.finished.data.finishUpload.url);
      expect(ra.headers.get('etag')).toBe(rb.headers.get('etag'));
      expect((await platform.gql(MEDIA, { id: a.ticket.mediaId }, bob.token)).data.media).toBeNull();
      expect((await platform.gql(MEDIA, { id: a.ticket.mediaId }, alice.token)).data.media.id).toBe(a.ticket.mediaId);
    });
  });
});
