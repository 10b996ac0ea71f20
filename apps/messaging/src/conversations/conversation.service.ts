import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, queryRow, queryRows } from '@app/common';
import {
  ConversationPage,
  ConversationView,
  MemberPage,
  MemberRole,
  MessagingPageRequest,
  ListMembersRequest,
  MarkReadRequest,
  PinRequest,
  SetMutedRequest,
} from '@app/contracts';
import { AccountsClient } from '../common/accounts.client';
import { isUuid, transaction } from '../common/db';
import { MessageWriter } from '../messages/message.writer';
import { Delivery, LivePublisher } from '../updates/live.publisher';
import { ConversationReader } from './conversation.reader';
import { allow } from './roles';

const LIST_CURSOR = /^(\d{1,20})_([0-9a-f-]{36})$/i;

/** Direct conversations, the conversation list, and each member's own settings (read marker, mute) and pins. */
@Injectable()
export class ConversationService {
  constructor(
    private readonly ds: DataSource,
    private readonly reader: ConversationReader,
    private readonly writer: MessageWriter,
    private readonly accounts: AccountsClient,
    private readonly live: LivePublisher,
  ) {}

  /** One per pair: the existing one is returned; refused when either blocked the other. */
  async startDirect(viewerId: string, userId: string): Promise<ConversationView> {
    if (!isUuid(userId)) throw DomainError.notFound('No such user');
    if (userId === viewerId) throw DomainError.badInput('userId', 'A direct conversation is with someone else');
    await this.accounts.requireUsers(viewerId, [userId], 'userId');
    await this.accounts.assertNotBlocked(viewerId, userId);
    const id = await this.directConversation(viewerId, userId);
    return this.reader.view(viewerId, id);
  }

  /**
   * Get-or-create by the unique direct_key: two concurrent first calls
   * insert once (ON CONFLICT DO NOTHING) and both read the same row.
   */
  async directConversation(a: string, b: string): Promise<string> {
    const key = a < b ? `${a}:${b}` : `${b}:${a}`;
    const existing = await queryRow<{ id: string }>(this.ds, `SELECT id FROM conversations WHERE direct_key = $1`, [key]);
    if (existing) return existing.id;
    const deliveries: Delivery[] = [];
    const id = await transaction(this.ds, async (db) => {
      const [created] = await queryRows<{ id: string }>(
        db,
        `INSERT INTO conversations (kind, direct_key, member_count, created_by) VALUES ('DIRECT', $1, 2, $2)
         ON CONFLICT (direct_key) DO NOTHING RETURNING id`,
        [key, a],
      );
      if (!created) return (await queryRow<{ id: string }>(db, `SELECT id FROM conversations WHERE direct_key = $1`, [key]))!.id;
      await queryRows(db, `INSERT INTO members (conversation_id, user_id, role) VALUES ($1, $2, 'MEMBER'), ($1, $3, 'MEMBER')`, [
        created.id,
        a,
        b,
      ]);
      deliveries.push(
        await this.writer.fanOut(db, {
          type: 'ConversationChanged',
          conversationId: created.id,
          messageId: null,
          data: null,
          recipients: [a, b],
        }),
      );
      return created.id;
    });
    await this.live.deliver(deliveries);
    return id;
  }

  get(viewerId: string, conversationId: string): Promise<ConversationView> {
    return this.reader.view(viewerId, conversationId);
  }

  /**
   * Most recently active first. A former member's conversation stays where
   * it was when they left (it shows nothing newer); one they left by
   * themselves is no longer listed.
   */
  async list(req: MessagingPageRequest): Promise<ConversationPage> {
    const size = req.first ?? 20;
    const cursor = req.after ? LIST_CURSOR.exec(req.after) : null;
    if (req.after && !cursor) throw DomainError.badInput('after', 'Not a cursor of this list');
    const rows = await queryRows<{ conversation_id: string; activity_key: string }>(
      this.ds,
      `SELECT * FROM (
         SELECT m.conversation_id,
                (extract(epoch FROM CASE WHEN m.left_at IS NULL THEN c.last_activity_at ELSE m.left_at END) * 1000000)::bigint AS activity_key
           FROM members m JOIN conversations c ON c.id = m.conversation_id
          WHERE m.user_id = $1 AND m.left_reason IS DISTINCT FROM 'LEFT') t
        WHERE $2::bigint IS NULL OR (t.activity_key, t.conversation_id) < ($2::bigint, $3::uuid)
        ORDER BY t.activity_key DESC, t.conversation_id DESC LIMIT $4`,
      [req.viewerId, cursor?.[1] ?? null, cursor?.[2] ?? null, size + 1],
    );
    const page = rows.slice(0, size);
    const views = await this.reader.views(page.map((r) => ({ conversationId: r.conversation_id, userId: req.viewerId })));
    const edges = views.map((node, i) => ({ node, cursor: `${page[i].activity_key}_${page[i].conversation_id}` }));
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > size,
        hasPreviousPage: !!cursor,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
    };
  }

  async members(req: ListMembersRequest): Promise<MemberPage> {
    const size = req.first ?? 50;
    if (req.after && !/^\d{1,18}$/.test(req.after)) throw DomainError.badInput('after', 'Not a cursor of this list');
    await this.reader.membership(req.viewerId, req.conversationId);
    const rows = await queryRows<{ user_id: string; role: MemberRole; joined_at: Date; join_order: string }>(
      this.ds,
      `SELECT user_id, role, joined_at, join_order FROM members
        WHERE conversation_id = $1 AND left_at IS NULL AND join_order > $2 ORDER BY join_order LIMIT $3`,
      [req.conversationId, req.after ?? '0', size + 1],
    );
    const total = await queryRow<{ member_count: number }>(this.ds, `SELECT member_count FROM conversations WHERE id = $1`, [
      req.conversationId,
    ]);
    const edges = rows.slice(0, size).map((r) => ({
      node: { userId: r.user_id, role: r.role, joinedAt: r.joined_at.toISOString() },
      cursor: String(r.join_order),
    }));
    return {
      edges,
      totalCount: total!.member_count,
      pageInfo: {
        hasNextPage: rows.length > size,
        hasPreviousPage: !!req.after,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
    };
  }

  async isMember(conversationId: string, userId: string): Promise<boolean> {
    if (!isUuid(conversationId) || !isUuid(userId)) return false;
    const row = await queryRow(this.ds, `SELECT 1 FROM members WHERE conversation_id = $1 AND user_id = $2 AND left_at IS NULL`, [
      conversationId,
      userId,
    ]);
    return !!row;
  }

  /** Forward only: a marker at or past upToSeq stays; past the last message it stops at the last message. */
  async markRead(req: MarkReadRequest): Promise<ConversationView> {
    if (!isUuid(req.conversationId)) throw DomainError.notFound('No such conversation');
    const row = await queryRow<{ status: string; recipients: string[] | null; positions: string[] | null; last_read: number }>(
      this.ds,
      `SELECT * FROM mark_read($1, $2, $3)`,
      [req.conversationId, req.viewerId, req.upToSeq],
    );
    if (row?.status === 'not_found') throw DomainError.notFound('No such conversation');
    if (row?.status === 'former') throw DomainError.forbidden('You are no longer a member of this conversation');
    if (row?.status === 'ok') {
      await this.live.deliver([
        {
          type: 'ReadMarkerMoved',
          conversationId: req.conversationId,
          messageId: null,
          data: { userId: req.viewerId, lastReadSeq: row.last_read },
          recipients: row.recipients ?? [],
          positions: (row.positions ?? []).map(String),
        },
      ]);
    }
    return this.reader.view(req.viewerId, req.conversationId);
  }

  /** Muting is the viewer's own setting: only their devices hear of it. */
  async setMuted(req: SetMutedRequest): Promise<ConversationView> {
    await this.reader.activeMembership(req.viewerId, req.conversationId);
    const deliveries: Delivery[] = [];
    await transaction(this.ds, async (db) => {
      const changed = await queryRows(
        db,
        `UPDATE members SET muted = $3 WHERE conversation_id = $1 AND user_id = $2 AND left_at IS NULL AND muted <> $3 RETURNING user_id`,
        [req.conversationId, req.viewerId, req.muted],
      );
      if (changed.length) {
        deliveries.push(
          await this.writer.fanOut(db, {
            type: 'ConversationChanged',
            conversationId: req.conversationId,
            messageId: null,
            data: null,
            recipients: [req.viewerId],
          }),
        );
      }
    });
    await this.live.deliver(deliveries);
    return this.reader.view(req.viewerId, req.conversationId);
  }

  async pin(req: PinRequest): Promise<ConversationView> {
    const deliveries: Delivery[] = [];
    await transaction(this.ds, async (db) => {
      const me = await this.reader.activeMembership(req.viewerId, req.conversationId, db, true);
      allow(me.kind, me.role, 'pin');
      const messageId = req.messageId ?? null;
      if (messageId !== null) {
        const found =
          isUuid(messageId) &&
          (await queryRow(db, `SELECT 1 FROM messages WHERE id = $1 AND conversation_id = $2`, [messageId, req.conversationId]));
        if (!found) throw DomainError.notFound('No such message in this conversation');
      }
      const changed = await queryRows(
        db,
        `UPDATE conversations SET pinned_message_id = $2 WHERE id = $1 AND pinned_message_id IS DISTINCT FROM $2::uuid RETURNING id`,
        [req.conversationId, messageId],
      );
      if (changed.length) deliveries.push(await this.toActiveMembers(db, req.conversationId));
    });
    await this.live.deliver(deliveries);
    return this.reader.view(req.viewerId, req.conversationId);
  }

  private async toActiveMembers(db: Parameters<MessageWriter['fanOut']>[0], conversationId: string): Promise<Delivery> {
    const members = await queryRows<{ user_id: string }>(db, `SELECT user_id FROM members WHERE conversation_id = $1 AND left_at IS NULL`, [
      conversationId,
    ]);
    return this.writer.fanOut(db, {
      type: 'ConversationChanged',
      conversationId,
      messageId: null,
      data: null,
      recipients: members.map((m) => m.user_id),
    });
  }
}
