import { DomainError } from '@app/common';
import { normalizeDisplayText, searchDocument } from '@app/persian';

export const POST_TITLE_MAX = 256;
export const POST_URL_MAX = 2048;

export function cleanPostText(input: string, max: number): string {
  const text = normalizeDisplayText(input);
  if (!text) throw DomainError.badInput('text', 'A post needs some text');
  if ([...text].length > max) throw DomainError.badInput('text', `A post has at most ${max} characters`);
  return text;
}

/** null or blank removes the title. */
export function cleanPostTitle(input: string | null | undefined): string | null {
  if (input === null || input === undefined) return null;
  const title = normalizeDisplayText(input).replace(/\s+/g, ' ');
  if (!title) return null;
  if ([...title].length > POST_TITLE_MAX) throw DomainError.badInput('title', `A post title has at most ${POST_TITLE_MAX} characters`);
  return title;
}

/** An absolute http(s) URL, or null (blank removes it). */
export function cleanPostUrl(input: string | null | undefined, field = 'url'): string | null {
  if (input === null || input === undefined || !input.trim()) return null;
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw DomainError.badInput(field, 'A link is an absolute http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw DomainError.badInput(field, 'A link is an absolute http or https URL');
  const text = url.toString();
  if (text.length > POST_URL_MAX) throw DomainError.badInput(field, `A link has at most ${POST_URL_MAX} characters`);
  return text;
}

export function postSearchDocument(title: string | null, text: string): string {
  return searchDocument(title ? `${title}\n${text}` : text);
}

/**
 * The time a post is scheduled for, validated; null publishes now. Whether it
 * is in the future is decided by the database's clock (every copy agrees on
 * it): a time already past publishes now rather than backdating the post.
 */
export function scheduledTime(scheduledAt: string | null | undefined, now = new Date()): Date | null {
  if (!scheduledAt) return null;
  const at = new Date(scheduledAt);
  if (Number.isNaN(at.getTime())) throw DomainError.badInput('scheduledAt', 'scheduledAt is an ISO-8601 date and time');
  if (at.getTime() > now.getTime() + 366 * 24 * 3600 * 1000)
    throw DomainError.badInput('scheduledAt', 'A post can be scheduled at most a year ahead');
  return at;
}

/** One emoji (possibly a ZWJ sequence, a flag or with a skin tone): no letters, digits or spaces. */
export function cleanEmoji(input: string | null | undefined): string | null {
  if (input === null || input === undefined || input === '') return null;
  const emoji = input.trim();
  const valid =
    emoji.length > 0 &&
    emoji.length <= 32 &&
    /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|[\u{1F3FB}-\u{1F3FF}#*0-9]|\uFE0F|\u200D|\u20E3)+$/u.test(emoji) &&
    /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(emoji);
  if (!valid) throw DomainError.badInput('emoji', 'A reaction is one emoji');
  return emoji;
}
