import { DomainError } from '@app/common';
import { MentionInput } from '@app/contracts';
import { normalizeDisplayText } from '@app/persian';

/**
 * Offsets and lengths are UTF-16 code units, as JavaScript strings (and so
 * the web app) index text; Telegram's entities count the same way.
 */
export interface FoundMention {
  offset: number;
  length: number;
  username: string;
}

/** @name where name is a username (a letter, then 2..31 of a-z, 0-9, _), not inside a word or an e-mail address. */
const USERNAME_MENTION = /(?<![\p{L}\p{N}_@.])@([A-Za-z][A-Za-z0-9_]{2,31})(?![A-Za-z0-9_])/gu;

/** Every @username in a text, with its place (the @ included). */
export function findUsernameMentions(text: string): FoundMention[] {
  return [...text.matchAll(USERNAME_MENTION)].map((m) => ({ offset: m.index!, length: m[0].length, username: m[1].toLowerCase() }));
}

/** Picker mentions checked for shape: within the text as sent, not empty, not overlapping. */
export function checkMentionInputs(raw: unknown[] | null | undefined, original: string): MentionInput[] {
  const inputs = (raw ?? []).map((e) => {
    const { offset, length, userId } = (e ?? {}) as Record<string, unknown>;
    if (!Number.isInteger(offset) || !Number.isInteger(length) || typeof userId !== 'string' || userId.length > 64) {
      throw DomainError.badInput('entities', 'Each mention has an offset, a length and a userId');
    }
    return { offset: offset as number, length: length as number, userId };
  });
  const sorted = [...inputs].sort((a, b) => a.offset - b.offset);
  let end = 0;
  for (const e of sorted) {
    if (e.offset < end || e.length < 1 || e.offset + e.length > original.length) {
      throw DomainError.badInput('entities', 'A mention lies within the text, is not empty and does not overlap another');
    }
    end = e.offset + e.length;
  }
  return sorted;
}

/**
 * Where each picker mention lands in the stored text. Stored text is the sent
 * text after display repairs (trimmed lines, folded letters, dropped
 * invisibles), which can move offsets; each mention's text is therefore
 * found again: the same occurrence (first, second, …) of its repaired text.
 * A mention whose text is gone is dropped.
 */
export function placeMentions(original: string, stored: string, inputs: MentionInput[]): MentionInput[] {
  const placed: MentionInput[] = [];
  for (const input of inputs) {
    const slice = normalizeDisplayText(original.slice(input.offset, input.offset + input.length));
    if (!slice) continue;
    const occurrence = countOccurrences(normalizeDisplayText(original.slice(0, input.offset + input.length)), slice) - 1;
    const at = nthIndex(stored, slice, Math.max(0, occurrence));
    if (at >= 0 && !placed.some((p) => at < p.offset + p.length && p.offset < at + slice.length)) {
      placed.push({ offset: at, length: slice.length, userId: input.userId });
    }
  }
  return placed;
}

function countOccurrences(text: string, part: string): number {
  let count = 0;
  for (let i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length)) count++;
  return count;
}

function nthIndex(text: string, part: string, n: number): number {
  let i = text.indexOf(part);
  for (let k = 0; k < n && i >= 0; k++) i = text.indexOf(part, i + part.length);
  return i;
}
