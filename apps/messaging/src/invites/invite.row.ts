import { DomainError } from '@app/common';
import { InviteLinkView } from '@app/contracts';
import { iso } from '../database/timestamps';

export interface InviteLinkRow {
  id: string;
  conversation_id: string;
  token: string;
  creator_id: string;
  idempotency_key: string;
  name: string | null;
  expires_at: Date | null;
  usage_limit: number | null;
  use_count: number;
  requires_approval: boolean;
  revoked_at: Date | null;
  created_at: Date;
  pending_count?: number;
}

export const LINK_COLUMNS = `l.*, (SELECT count(*)::int FROM join_requests r WHERE r.link_id = l.id) AS pending_count`;

export function toInviteLinkView(r: InviteLinkRow): InviteLinkView {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    token: r.token,
    creatorId: r.creator_id,
    name: r.name,
    expiresAt: iso(r.expires_at),
    usageLimit: r.usage_limit,
    useCount: r.use_count,
    requiresApproval: r.requires_approval,
    revokedAt: iso(r.revoked_at),
    createdAt: iso(r.created_at)!,
    pendingCount: r.pending_count ?? 0,
  };
}

/** Keyset cursors of the newest-first lists here: creation time (µs precision kept as text) and an id. */
export function timeCursor(at: Date | string, id: string): string {
  return Buffer.from(`${new Date(at).toISOString()}|${id}`, 'utf8').toString('base64url');
}

export function decodeTimeCursor(cursor: string | null | undefined): [string, string] | null {
  if (!cursor) return null;
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id)) throw DomainError.badInput('after', 'Not a cursor of this list');
  return [at, id];
}

/** A page of one of those lists from rows fetched with LIMIT size + 1: the extra row only says there is more. */
export function timePage<R extends { created_at: Date }, T>(
  rows: R[],
  size: number,
  after: [string, string] | null,
  toNode: (row: R) => T,
  idOf: (row: R) => string,
) {
  const edges = rows.slice(0, size).map((r) => ({ node: toNode(r), cursor: timeCursor(r.created_at, idOf(r)) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: !!after,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
