import { MediaKind } from '@app/contracts';

/** Why media is refused (MEDIA_REJECTED's `reason`). */
export type RejectReason = 'TOO_LARGE' | 'TYPE_MISMATCH' | 'CHECKSUM' | 'UNREADABLE' | 'QUOTA';

/** Photo formats decoded and re-encoded (sharp); SVG is never one: it can carry scripts. */
export const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif']);
/** Containers a voice note comes in (Opus inside). */
export const VOICE_TYPES = new Set(['audio/ogg', 'audio/opus', 'video/webm', 'audio/webm']);

/**
 * Whether bytes found to be `found` may be used as `kind`. A FILE may be
 * anything (it is always served as an attachment unless it is plain media);
 * the others must be what they say.
 */
export function kindAccepts(kind: MediaKind, found: string): boolean {
  switch (kind) {
    case 'PHOTO':
      return PHOTO_TYPES.has(found);
    case 'VOICE':
      return VOICE_TYPES.has(found);
    case 'AUDIO':
      return found.startsWith('audio/') || VOICE_TYPES.has(found);
    case 'VIDEO':
      return found.startsWith('video/');
    case 'FILE':
      return true;
  }
}

/** Kinds decoded in memory on finish (their own, smaller size limit). */
export function decodedInMemory(kind: MediaKind): boolean {
  return kind === 'PHOTO' || kind === 'VOICE';
}

/** Lower-case hex SHA-256. */
export function isSha256(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}

/**
 * 64 loudness samples, each 0..31, from mono 16-bit PCM: the RMS of each of
 * 64 equal spans, scaled so the loudest span is 31 (silence stays 0).
 */
export function waveformOf(pcm: Int16Array, samples = 64): number[] {
  const rms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const from = Math.floor((i * pcm.length) / samples);
    const to = Math.max(from + 1, Math.floor(((i + 1) * pcm.length) / samples));
    let sum = 0;
    let n = 0;
    for (let j = from; j < to && j < pcm.length; j++, n++) sum += pcm[j] * pcm[j];
    rms.push(n ? Math.sqrt(sum / n) : 0);
  }
  const peak = Math.max(...rms);
  return rms.map((r) => (peak > 0 ? Math.round((r / peak) * 31) : 0));
}

/** A voice note's stored type: its container, as browsers name it. */
export function voiceMime(found: string): string {
  return found === 'video/webm' || found === 'audio/webm' ? 'audio/webm' : 'audio/ogg';
}

/**
 * The type of bytes that file-type does not recognise (it reads magic
 * numbers; text has none): markup a browser could run is named so, and so
 * served as an attachment; other valid UTF-8 is text/plain.
 */
export function sniffText(head: Buffer): string {
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype svg|<svg)/.test(text) || (text.startsWith('<?xml') && text.includes('<svg'))) {
    return 'image/svg+xml';
  }
  if (/^(<!doctype html|<html|<head|<body|<script|<iframe|<!--)/.test(text)) return 'text/html';
  if (text.startsWith('<?xml')) return 'application/xml';
  // stream: a character cut at the end of the head is not a decoding error.
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(head, { stream: true });
  return decoded.includes('\uFFFD') || [...decoded].some(isBinaryControl) ? 'application/octet-stream' : 'text/plain';
}

/** Control characters other than tab, line breaks and form feed do not occur in text. */
function isBinaryControl(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) || c === 0x7f;
}
