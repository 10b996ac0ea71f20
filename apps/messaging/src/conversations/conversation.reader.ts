import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, isUuid, queryRows } from '@app/common';
import { ConversationView } from '@app/contracts';
import { Db } from '../database/transaction';
import { loadMessageRows, MessageViewSet } from '../messages/message.row';
import { ConversationRow, Membership, MembershipRow, toConversationView, toMembership } from './conversation.row';

/** A conversation and one of its members (current or former), to see it as they do. */
export interface ViewerPair {
  conversationId: string;
  viewerId: string;
}

/**
 * Conversations as each viewer sees them. Every query is keyed by
 * (conversation, user) pairs so that one call serves a page for one viewer
 * or one conversation for every member (a live ConversationChanged).
 */
@Injectable()
export class ConversationReader {
  constructor(private readonly ds: DataSource) {}

  /** The viewer's access, or NOT_FOUND when they never were a member (or the id is not ours). */
  async membership(viewerId: string, conversationId: string, db: Db = this.ds, lock = false): Promise<Membership> {
    if (!isUuid(conversationId)) throw DomainError.notFound('No such conversation');
    const [row] = await queryRows<MembershipRow>(
      db,
      `SELECT c.kind, m.role, m.left_at, COALESCE(m.until_seq, c.last_seq) AS visible_seq
         FROM members m JOIN conversations c ON c.id = m.conversation_id
        WHERE m.conversation_id = $1 AND m.user_id = $2 ${lock ? 'FOR UPDATE OF c' : ''}`,
      [conversationId, viewerId],
    );
    if (!row) throw DomainError.notFound('No such conversation');
    return toMembership(conversationId, row);
  }

  /** Like membership(), but FORBIDDEN for a former member: they may read, not act. */
  async activeMembership(viewerId: string, conversationId: string, db: Db = this.ds, lock = false): Promise<Membership> {
    const m = await this.membership(viewerId, conversationId, db, lock);
    if (!m.active) throw DomainError.forbidden('You are no longer a member of this conversation');
    return m;
  }

  async view(viewerId: string, conversationId: string, db: Db = this.ds): Promise<ConversationView> {
    await this.membership(viewerId, conversationId, db);
    const [view] = await this.views([{ conversationId, viewerId }], db);
    return view;
  }

  /** Views for (conversation, viewer) pairs, in the order given; pairs with no member row are left out. */
  async views(pairs: ViewerPair[], db: Db = this.ds): Promise<ConversationView[]> {
    return [...(await this.viewMap(pairs, db)).values()];
  }

  /** Views keyed by `${conversationId}:${viewerId}`, in the order of the pairs. */
  async viewMap(pairs: ViewerPair[], db: Db = this.ds): Promise<Map<string, ConversationView>> {
    const out = new Map<string, ConversationView>();
    if (!pairs.length) return out;
    const rows = await queryRows<ConversationRow>(
      db,
      `SELECT c.id, c.kind, c.title, c.handle, c.slow_mode_seconds, m.restricted_until, c.created_at, c.member_count, c.pinned_message_id,
              m.user_id AS viewer_id, m.role, m.last_read_seq, m.muted, m.left_at, v.visible_seq,
              CASE WHEN c.kind = 'DIRECT' THEN
                (SELECT p.user_id FROM members p WHERE p.conversation_id = c.id AND p.user_id <> m.user_id LIMIT 1) END AS peer_id,
              COALESCE((SELECT max(p.last_read_seq) FROM members p
                         WHERE p.conversation_id = c.id AND p.user_id <> m.user_id), 0) AS peer_read_seq,
              (SELECT count(*)::int FROM messages x
                WHERE x.conversation_id = c.id AND x.seq > m.last_read_seq AND x.seq <= v.visible_seq
                  AND x.deleted_at IS NULL AND x.sender_id IS DISTINCT FROM m.user_id
                  AND NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.user_id = m.user_id AND h.message_id = x.id)
              ) AS unread_count,
              (SELECT x.id FROM messages x
                WHERE x.conversation_id = c.id AND x.seq <= v.visible_seq
                  AND NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.user_id = m.user_id AND h.message_id = x.id)
                ORDER BY x.seq DESC LIMIT 1) AS last_message_id
         FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS t(conversation_id, user_id, ord)
         JOIN members m ON m.conversation_id = t.conversation_id AND m.user_id = t.user_id
         JOIN conversations c ON c.id = m.conversation_id
         CROSS JOIN LATERAL (SELECT COALESCE(m.until_seq, c.last_seq) AS visible_seq) v
        ORDER BY t.ord`,
      [pairs.map((p) => p.conversationId), pairs.map((p) => p.viewerId)],
    );
    const messageIds = [...new Set(rows.flatMap((r) => [r.last_message_id, r.pinned_message_id]).filter((id): id is string => !!id))];
    const messageRows = await loadMessageRows(db, messageIds);
    const messages = await MessageViewSet.load(db, messageRows, [...new Set(rows.map((r) => r.viewer_id))]);
    for (const r of rows) out.set(`${r.id}:${r.viewer_id}`, toConversationView(r, messages));
    return out;
  }
}
