import { createHash } from 'node:crypto';
import OpusScript from 'opusscript';
import { SignedUp, TestPlatform } from '@test/support';

/** Helpers shared by the media e2e files (not a test file itself). */

export const MEDIA_FIELDS = `id kind mimeType size fileName width height durationSeconds waveform blurhash url thumbnailUrl urlExpiresAt createdAt`;
export const START = `mutation($i:StartUploadInput!){ startUpload(input:$i){ mediaId uploadUrl expiresAt } }`;
export const FINISH = `mutation($id:ID!){ finishUpload(mediaId:$id){ ${MEDIA_FIELDS} } }`;
export const MEDIA = `query($id:ID!){ media(id:$id){ ${MEDIA_FIELDS} } }`;

export interface Ticket {
  mediaId: string;
  uploadUrl: string;
  expiresAt: string;
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export async function startUpload(p: TestPlatform, user: Pick<SignedUp, 'token'>, input: Record<string, unknown>): Promise<Ticket> {
  const res = await p.gql(START, { i: input }, user.token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.startUpload as Ticket;
}

/** startUpload, one PUT, finishUpload: the finished media (or the errors of finishUpload). */
export async function upload(p: TestPlatform, user: Pick<SignedUp, 'token'>, data: Buffer, input: Record<string, unknown>) {
  const ticket = await startUpload(p, user, { size: data.length, ...input });
  const put = await fetch(ticket.uploadUrl, { method: 'PUT', body: data });
  if (put.status !== 204) throw new Error(`PUT answered ${put.status}: ${await put.text()}`);
  return { ticket, finished: await p.gql(FINISH, { id: ticket.mediaId }, user.token) };
}

/** The same URL on another gateway copy (same path and signature). */
export function on(gatewayUrl: string, url: string): string {
  const u = new URL(url);
  return gatewayUrl + u.pathname + u.search;
}

export function patch(url: string, offset: number, body: Buffer, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'PATCH',
    headers: { 'tus-resumable': '1.0.0', 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset), ...headers },
    body,
  });
}

// ─── a real Ogg Opus voice note, made in the test (libopus through opusscript, Ogg pages by hand) ───

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    t[i] = r >>> 0;
  }
  return t;
})();

function oggCrc(page: Buffer): number {
  let crc = 0;
  for (const byte of page) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) & 0xff) ^ byte]) >>> 0;
  return crc;
}

function oggPage(packet: Buffer, seq: number, granule: bigint, flags: number): Buffer {
  const lacing: number[] = [];
  let left = packet.length;
  while (left >= 255) {
    lacing.push(255);
    left -= 255;
  }
  lacing.push(left);
  const header = Buffer.alloc(27);
  header.write('OggS', 0);
  header[5] = flags;
  header.writeBigUInt64LE(granule, 6);
  header.writeUInt32LE(0x5eed, 14);
  header.writeUInt32LE(seq, 18);
  header[26] = lacing.length;
  const page = Buffer.concat([header, Buffer.from(lacing), packet]);
  page.writeUInt32LE(oggCrc(page), 22);
  return page;
}

/**
 * `seconds` of mono 48 kHz audio as Ogg Opus: silence in the first half, a
 * 440 Hz tone in the second, so the waveform has a shape to check.
 */
export function oggOpusVoice(seconds: number): Buffer {
  const encoder = new OpusScript(48000, 1, 2048);
  const frame = 960;
  const frames = Math.round((seconds * 48000) / frame);
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0);
  head[8] = 1;
  head[9] = 1;
  head.writeUInt16LE(312, 10);
  head.writeUInt32LE(48000, 12);
  const tags = Buffer.concat([Buffer.from('OpusTags'), Buffer.from([4, 0, 0, 0]), Buffer.from('test'), Buffer.alloc(4)]);
  const pages = [oggPage(head, 0, 0n, 2), oggPage(tags, 1, 0n, 0)];
  for (let f = 0; f < frames; f++) {
    const pcm = new Int16Array(frame);
    if (f >= frames / 2)
      for (let i = 0; i < frame; i++) pcm[i] = Math.round(12000 * Math.sin((2 * Math.PI * 440 * (f * frame + i)) / 48000));
    const packet = encoder.encode(Buffer.from(pcm.buffer), frame);
    pages.push(oggPage(packet, f + 2, BigInt((f + 1) * frame), f === frames - 1 ? 4 : 0));
  }
  encoder.delete();
  return Buffer.concat(pages);
}
