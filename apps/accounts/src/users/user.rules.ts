import { DomainError } from '@app/common';
import { normalizeDisplayText, searchDocument, compactKey } from '@app/persian';

export const DISPLAY_NAME_MAX = 64;
export const BIO_MAX = 160;
const USERNAME = /^[a-z][a-z0-9_]{2,31}$/i;

export function cleanDisplayName(input: string): string {
  const name = normalizeDisplayText(input).replace(/\s+/g, ' ');
  if (!name) throw DomainError.badInput('displayName', 'A display name cannot be empty');
  if ([...name].length > DISPLAY_NAME_MAX)
    throw DomainError.badInput('displayName', `A display name has at most ${DISPLAY_NAME_MAX} characters`);
  return name;
}

/** null removes the username; otherwise 3..32 of a-z, 0-9 and _, starting with a letter. */
export function cleanUsername(input: string | null): string | null {
  if (input === null || input.trim() === '') return null;
  const name = input.trim().replace(/^@/, '');
  if (!USERNAME.test(name)) {
    throw DomainError.badInput('username', 'A username has 3 to 32 of a-z, 0-9 and _, and starts with a letter');
  }
  return name;
}

export function cleanBio(input: string | null): string | null {
  if (input === null) return null;
  const bio = normalizeDisplayText(input);
  if (!bio) return null;
  if ([...bio].length > BIO_MAX) throw DomainError.badInput('bio', `A bio has at most ${BIO_MAX} characters`);
  return bio;
}

/** What searchUsers matches: the name and username as search keys, plus a space-free key for spacing variants. */
export function userSearchKey(displayName: string, username: string | null): string {
  const doc = searchDocument(`${displayName} ${username ?? ''}`);
  return `${doc} ${compactKey(displayName)}`.trim();
}
