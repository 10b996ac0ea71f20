import { DomainError } from '@app/common';
import { normalizeDisplayText, searchDocument } from '@app/persian';

/** Stored as people typed it, with only the safe display repairs (shared/persian.md). */
export function cleanText(input: string, max: number, field = 'text'): { text: string; searchDoc: string } {
  const text = normalizeDisplayText(input);
  if (!text) throw DomainError.badInput(field, 'A message cannot be empty');
  if ([...text].length > max) throw DomainError.badInput(field, `A message has at most ${max} characters`);
  return { text, searchDoc: searchDocument(text) };
}

/** 1..64 characters chosen by the client. */
export function checkClientId(clientId: string): string {
  if (clientId.length < 1 || clientId.length > 64) throw DomainError.badInput('clientId', 'A clientId has 1 to 64 characters');
  return clientId;
}

const EMOJI = /^(?:\p{Extended_Pictographic}|\p{Emoji_Component}|\p{Emoji_Modifier}|\uFE0F|\u200D|\u20E3)+$/u;
const PICTOGRAPH = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u;

/** One emoji (a sequence like 👍🏽 or 👨‍👩‍👧 counts as one), not text. */
export function checkEmoji(emoji: string): string {
  const value = emoji.trim();
  if (!value || value.length > 32 || !EMOJI.test(value) || !PICTOGRAPH.test(value) || /^[\d#*]+$/.test(value)) {
    throw DomainError.badInput('emoji', 'A reaction is one emoji');
  }
  return value;
}

/** Owner-facing text of SYSTEM messages, in Persian; names are as they were at the time. */
export const SystemText = {
  created: (actor: string, title: string) => `«${actor}» گروه «${title}» را ساخت`,
  added: (actor: string, names: string[]) => `«${actor}» ${names.map((n) => `«${n}»`).join('، ')} را به گروه افزود`,
  removed: (actor: string, name: string) => `«${actor}» «${name}» را از گروه بیرون کرد`,
  left: (actor: string) => `«${actor}» گروه را ترک کرد`,
  renamed: (actor: string, title: string) => `«${actor}» نام گروه را به «${title}» تغییر داد`,
  role: (actor: string, name: string, role: string) => `«${actor}» نقش «${name}» را به ${ROLE_NAMES[role] ?? role} تغییر داد`,
  owner: (name: string) => `«${name}» اکنون مالک گروه است`,
  joinedByLink: (name: string) => `«${name}» با پیوند دعوت به گروه پیوست`,
  joined: (name: string) => `«${name}» به گروه پیوست`,
  approved: (actor: string, name: string) => `«${actor}» درخواست «${name}» برای پیوستن به گروه را پذیرفت`,
};

const ROLE_NAMES: Record<string, string> = { OWNER: 'مالک', ADMIN: 'مدیر', MEMBER: 'عضو' };
