import { DomainError } from '@app/common';

/** Opaque page cursors over a bigint position (a ledger or table seq). */
export function encodeCursor(seq: string): string {
  return Buffer.from(`p:${seq}`).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, field = 'after'): string | null {
  if (cursor === null || cursor === undefined) return null;
  const text = Buffer.from(cursor, 'base64url').toString();
  const match = /^p:(\d{1,19})$/.exec(text);
  if (!match) throw DomainError.badInput(field, 'This cursor is not one we gave out');
  return match[1];
}

/** Largest bigint: "before everything" for a newest-first page with no cursor. */
export const NO_CURSOR = '9223372036854775807';
