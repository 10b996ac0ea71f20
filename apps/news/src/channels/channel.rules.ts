import { DomainError } from '@app/common';
import { compactKey, normalizeDisplayText, searchDocument } from '@app/persian';

export const CHANNEL_TITLE_MAX = 128;
export const CHANNEL_DESCRIPTION_MAX = 1024;
const HANDLE = /^[a-z][a-z0-9_]{4,31}$/i;

/** 5..32 of a-z, 0-9 and _, starting with a letter; a leading @ is forgiven. Kept as typed. */
export function cleanHandle(input: string): string {
  const handle = input.trim().replace(/^@/, '');
  if (!HANDLE.test(handle)) {
    throw DomainError.badInput('handle', 'A handle has 5 to 32 of a-z, 0-9 and _, and starts with a letter');
  }
  return handle;
}

export function cleanTitle(input: string): string {
  const title = normalizeDisplayText(input).replace(/\s+/g, ' ');
  if (!title) throw DomainError.badInput('title', 'A channel title cannot be empty');
  if ([...title].length > CHANNEL_TITLE_MAX)
    throw DomainError.badInput('title', `A channel title has at most ${CHANNEL_TITLE_MAX} characters`);
  return title;
}

/** null or blank removes the description. */
export function cleanDescription(input: string | null | undefined): string | null {
  if (input === null || input === undefined) return null;
  const text = normalizeDisplayText(input);
  if (!text) return null;
  if ([...text].length > CHANNEL_DESCRIPTION_MAX) {
    throw DomainError.badInput('description', `A channel description has at most ${CHANNEL_DESCRIPTION_MAX} characters`);
  }
  return text;
}

/** What the directory matches: handle and title as search keys, and a space-free key for spacing variants and substrings. */
export function channelSearchKeys(handle: string, title: string): { doc: string; compact: string } {
  return { doc: searchDocument(`${handle} ${handle.replace(/_/g, ' ')} ${title}`), compact: `${compactKey(handle)} ${compactKey(title)}` };
}
