import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, isUuid, queryRow, queryRows } from '@app/common';
import { ListMessagesRequest, MessagePage, MessageView, SearchMessagesRequest } from '@app/contracts';
import { toTsQuery } from '@app/persian';
import { ConversationReader } from '../conversations/conversation.reader';
import { MESSAGE_COLUMNS, MessageRow, MessageViewSet } from './message.row';

const DEFAULT_PAGE = 20;
const NUMBER = /^\d{1,18}$/;
const NOT_HIDDEN = `NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.user_id = $1 AND h.message_id = m.id)`;

function seqCursor(value: string | null | undefined, field: string): number | null {
  if (value === null || value === undefined) return null;
  if (!NUMBER.test(value) || Number(value) > 2_147_483_647) throw DomainError.badInput(field, 'Not a cursor of this list');
  return Number(value);
}

/**
 * Reading messages. A viewer reads a conversation they are in, or were in up
 * to when they left (until_seq); messages they deleted for themselves are
 * left out. Cursors are seq numbers (stable: seq never changes).
 */
@Injectable()
export class MessageReader {
  constructor(
    private readonly ds: DataSource,
    private readonly conversations: ConversationReader,
  ) {}

  async list(req: ListMessagesRequest): Promise<MessagePage> {
    if (req.first && req.last) throw DomainError.badInput('last', 'Give first or last, not both');
    const after = seqCursor(req.after, 'after');
    const before = seqCursor(req.before, 'before');
    const access = await this.conversations.membership(req.viewerId, req.conversationId);
    const low = after ?? 0;
    const high = Math.min(before === null ? Number.MAX_SAFE_INTEGER : before - 1, access.visibleSeq);
    const forward = req.first != null || (after !== null && req.last == null);
    const size = (forward ? req.first : req.last) ?? DEFAULT_PAGE;
    const rows = await queryRows<MessageRow>(
      this.ds,
      `SELECT ${MESSAGE_COLUMNS} FROM messages m
        WHERE m.conversation_id = $2 AND m.seq > $3 AND m.seq <= $4 AND ${NOT_HIDDEN}
        ORDER BY m.seq ${forward ? 'ASC' : 'DESC'} LIMIT $5`,
      [req.viewerId, req.conversationId, low, high, size + 1],
    );
    const more = rows.length > size;
    const page = rows.slice(0, size);
    if (!forward) page.reverse();
    const first = page[0]?.seq;
    const last = page[page.length - 1]?.seq;
    // The side we did not page towards: is anything visible beyond this page?
    const earlier = forward ? await this.anyVisible(req.viewerId, req.conversationId, '<', first ?? low + 1, access.visibleSeq) : more;
    const later = forward ? more : await this.anyVisible(req.viewerId, req.conversationId, '>', last ?? high, access.visibleSeq);
    return this.page(req.viewerId, page, (r) => String(r.seq), { hasNextPage: later, hasPreviousPage: earlier });
  }

  /**
   * Persian-folded full-text search over what the viewer may read, newest
   * first. The viewer's conversations are passed as a literal list, so the
   * planner sees how much of the table they are and how common the words
   * are, and picks between the GIN index (rare words) and walking global_pos
   * backwards (common words); a join to members hid both from it and it
   * scanned the whole table (bench/messaging, 1M messages).
   */
  async search(req: SearchMessagesRequest): Promise<MessagePage> {
    const tsQuery = toTsQuery(req.query);
    if (!tsQuery) throw DomainError.badInput('query', 'Type a word to search for');
    const after = req.after === null || req.after === undefined ? null : NUMBER.test(req.after) ? req.after : null;
    if (req.after && after === null) throw DomainError.badInput('after', 'Not a cursor of this list');
    if (req.conversationId && !isUuid(req.conversationId)) throw DomainError.notFound('No such conversation');
    const size = req.first ?? DEFAULT_PAGE;
    // Every conversation the viewer is or was in (a former member searches what they saw).
    const mine = await queryRows<{ conversation_id: string; until_seq: number | null }>(
      this.ds,
      `SELECT conversation_id, until_seq FROM members WHERE user_id = $1 AND ($2::uuid IS NULL OR conversation_id = $2::uuid)`,
      [req.viewerId, req.conversationId ?? null],
    );
    if (req.conversationId && !mine.length) throw DomainError.notFound('No such conversation');
    if (!mine.length) return this.page(req.viewerId, [], (r) => r.global_pos, { hasNextPage: false, hasPreviousPage: after !== null });
    const former = mine.filter((m) => m.until_seq !== null);
    const rows = await queryRows<MessageRow>(
      this.ds,
      `SELECT ${MESSAGE_COLUMNS} FROM messages m
        WHERE m.conversation_id = ANY($2::uuid[]) AND m.tsv @@ to_tsquery('simple', $3) AND m.deleted_at IS NULL
          AND ($4::bigint IS NULL OR m.global_pos < $4::bigint)
          ${former.length ? `AND NOT EXISTS (SELECT 1 FROM unnest($6::uuid[], $7::int[]) AS f(c, u) WHERE f.c = m.conversation_id AND m.seq > f.u)` : ''}
          AND ${NOT_HIDDEN}
        ORDER BY m.global_pos DESC LIMIT $5`,
      [
        req.viewerId,
        mine.map((m) => m.conversation_id),
        tsQuery,
        after,
        size + 1,
        ...(former.length ? [former.map((f) => f.conversation_id), former.map((f) => f.until_seq)] : []),
      ],
    );
    const page = rows.slice(0, size);
    return this.page(req.viewerId, page, (r) => r.global_pos, { hasNextPage: rows.length > size, hasPreviousPage: after !== null });
  }

  /** The messages among ids that the viewer may read, in the order asked. */
  async byIds(viewerId: string, ids: string[]): Promise<MessageView[]> {
    const valid = [...new Set(ids.filter(isUuid))];
    if (!valid.length) return [];
    const rows = await queryRows<MessageRow>(
      this.ds,
      `SELECT ${MESSAGE_COLUMNS} FROM messages m
         JOIN members mb ON mb.conversation_id = m.conversation_id AND mb.user_id = $1
        WHERE m.id = ANY($2::uuid[]) AND (mb.until_seq IS NULL OR m.seq <= mb.until_seq)`,
      [viewerId, valid],
    );
    const set = await MessageViewSet.load(this.ds, rows, [viewerId]);
    return ids.filter((id) => rows.some((r) => r.id === id)).map((id) => set.view(id, viewerId)!);
  }

  /** A message the viewer may read, or NOT_FOUND. */
  async visibleRow(viewerId: string, messageId: string): Promise<MessageRow> {
    if (!isUuid(messageId)) throw DomainError.notFound('No such message');
    const row = await queryRow<MessageRow>(
      this.ds,
      `SELECT ${MESSAGE_COLUMNS} FROM messages m
         JOIN members mb ON mb.conversation_id = m.conversation_id AND mb.user_id = $1
        WHERE m.id = $2 AND (mb.until_seq IS NULL OR m.seq <= mb.until_seq)`,
      [viewerId, messageId],
    );
    if (!row) throw DomainError.notFound('No such message');
    return row;
  }

  private async anyVisible(viewerId: string, conversationId: string, op: '<' | '>', seq: number, visibleSeq: number): Promise<boolean> {
    const row = await queryRow<{ found: boolean }>(
      this.ds,
      `SELECT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = $2 AND m.seq ${op} $3 AND m.seq <= $4 AND ${NOT_HIDDEN}) AS found`,
      [viewerId, conversationId, seq, visibleSeq],
    );
    return row!.found;
  }

  private async page(
    viewerId: string,
    rows: MessageRow[],
    cursor: (r: MessageRow) => string,
    flags: { hasNextPage: boolean; hasPreviousPage: boolean },
  ): Promise<MessagePage> {
    const set = await MessageViewSet.load(this.ds, rows, [viewerId]);
    const edges = rows.map((r) => ({ node: set.view(r.id, viewerId)!, cursor: cursor(r) }));
    return {
      edges,
      pageInfo: { ...flags, startCursor: edges[0]?.cursor ?? null, endCursor: edges[edges.length - 1]?.cursor ?? null },
    };
  }
}
