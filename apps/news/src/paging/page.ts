import { PageInfo } from '@app/contracts';

/** A forward page from rows fetched with LIMIT first + 1: the extra row only says there is more. */
export function pageOf<R, T>(rows: R[], first: number, toNode: (r: R) => T, cursorOf: (r: R) => string) {
  const hasNextPage = rows.length > first;
  const edges = rows.slice(0, first).map((r) => ({ node: toNode(r), cursor: cursorOf(r) }));
  const pageInfo: PageInfo = {
    hasNextPage,
    hasPreviousPage: false,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges[edges.length - 1]?.cursor ?? null,
  };
  return { edges, pageInfo };
}
