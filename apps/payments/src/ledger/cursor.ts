import { DomainError } from '@app/common';

/** Opaque page cursors over a bigint position (a ledger or table seq). */
export function encodeCursor(seq: string): string {
  return Buffer.from(`p:${seq}`).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, field = 'after'): string | null {
  if (cursor === null || cursor === undefined) return null;
  const text = Buffer.from(cursor, 'base64url').toString();
  const match = /^p:(\d{1,19})$/.exec(text);
  // 19 digits reach past PostgreSQL's bigint: such a cursor was never given out either.
  if (!match || BigInt(match[1]) > BigInt(NO_CURSOR)) throw DomainError.badInput(field, 'This cursor is not one we gave out');
  return match[1];
}

/** Largest bigint: "before everything" for a newest-first page with no cursor. */
export const NO_CURSOR = '9223372036854775807';

/** A newest-first page from rows fetched with LIMIT first + 1: the extra row only says there is more. */
export function pageBySeq<R extends { seq: string }, T>(rows: R[], first: number, after: string | null | undefined, toNode: (row: R) => T) {
  const page = rows.slice(0, first);
  return {
    edges: page.map((row) => ({ node: toNode(row), cursor: encodeCursor(row.seq) })),
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: Boolean(after),
      startCursor: page.length ? encodeCursor(page[0].seq) : null,
      endCursor: page.length ? encodeCursor(page[page.length - 1].seq) : null,
    },
  };
}
