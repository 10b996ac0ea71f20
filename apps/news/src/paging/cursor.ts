import { DomainError, isUuid } from '@app/common';

/**
 * Keyset cursors: a position (a number: milliseconds of published_at, or a
 * subscriber count) plus the row id that breaks ties. Pages continue strictly
 * after that pair, so rows arriving meanwhile never shift a page (no post
 * skipped or repeated, as OFFSET would).
 */
export interface KeysetCursor {
  key: number;
  id: string;
}

export function encodeCursor(kind: string, key: number, id: string): string {
  return Buffer.from(`${kind}:${key}:${id}`, 'utf8').toString('base64url');
}

/** Keys are milliseconds since 1970 (JavaScript's dates end at 8.64e15) or counts: never negative, never past that. */
const MAX_KEY = 8.64e15;

/** The cursor as given by a client; BAD_USER_INPUT naming `after` when it is not one of ours of that kind. */
export function decodeCursor(kind: string, cursor: string | null | undefined): KeysetCursor | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  const key = Number(parts[1]);
  if (parts.length !== 3 || parts[0] !== kind || !/^\d{1,16}$/.test(parts[1]) || key > MAX_KEY || !isUuid(parts[2])) {
    throw DomainError.badInput('after', 'This cursor is not valid here; pass an endCursor this list returned');
  }
  return { key, id: parts[2] };
}
