import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, isUuid, queryRow, queryRows } from '@app/common';
import {
  CheckMemberRequest,
  CheckMemberResponse,
  ConversationPage,
  ConversationView,
  DirectConversationRequest,
  DirectConversationResponse,
  ListMembersRequest,
  MemberPage,
  MessagingPageRequest,
} from '@app/contracts';
import { AccountsClient } from '../clients/accounts.client';
import { UpdateWriter, appendUpdate } from '../updates/update.writer';
import { ConversationReader } from './conversation.reader';
import { MemberRow, toMemberView } from './conversation.row';

const LIST_CURSOR = /^(\d{1,20})_([0-9a-f-]{36})$/i;
const MEMBER_CURSOR = /^\d{1,18}$/;

/** Direct conversations, the conversation list, and the members of one. */
@Injectable()
export class ConversationService {
  constructor(
    private readonly ds: DataSource,
    private readonly reader: ConversationReader,
    private readonly accounts: AccountsClient,
    private readonly updates: UpdateWriter,
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

  /** For payments: the direct conversation of a payer (userId) and a payee, under the same rules as startDirect. */
  async directFor(req: DirectConversationRequest): Promise<DirectConversationResponse> {
    if (req.userId === req.otherUserId) throw DomainError.badInput('otherUserId', 'A direct conversation is between two users');
    await this.accounts.requireUsers(req.userId, [req.otherUserId], 'otherUserId');
    await this.accounts.assertNotBlocked(req.userId, req.otherUserId);
    return { conversationId: await this.directConversation(req.userId, req.otherUserId) };
  }

  /**
   * Get-or-create by the unique direct_key: two concurrent first calls
   * insert once (ON CONFLICT DO NOTHING) and both read the same row.
   */
  async directConversation(a: string, b: string): Promise<string> {
    const key = a < b ? `${a}:${b}` : `${b}:${a}`;
    const existing = await queryRow<{ id: string }>(this.ds, `SELECT id FROM conversations WHERE direct_key = $1`, [key]);
    if (existing) return existing.id;
    return this.updates.change(async (db, out) => {
      const [created] = await queryRows<{ id: string }>(
        db,
        `INSERT INTO conversations (kind, direct_key, member_count, created_by) VALUES ('DIRECT', $1, 2, $2)
         ON CONFLICT (direct_key) DO NOTHING RETURNING id`,
        [key, a],
      );
      if (!created) return (await queryRow<{ id: string }>(db, `SELECT id FROM conversations WHERE direct_key = $1`, [key]))!.id;
      await db.query(`INSERT INTO members (conversation_id, user_id, role) VALUES ($1, $2, 'MEMBER'), ($1, $3, 'MEMBER')`, [
        created.id,
        a,
        b,
      ]);
      const update = { type: 'ConversationChanged', conversationId: created.id, messageId: null, data: null } as const;
      out.push(await appendUpdate(db, update, [a, b]));
      return created.id;
    });
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
    const views = await this.reader.views(page.map((r) => ({ conversationId: r.conversation_id, viewerId: req.viewerId })));
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
    if (req.after && !MEMBER_CURSOR.test(req.after)) throw DomainError.badInput('after', 'Not a cursor of this list');
    await this.reader.membership(req.viewerId, req.conversationId);
    const rows = await queryRows<MemberRow>(
      this.ds,
      `SELECT user_id, role, joined_at, join_order FROM members
        WHERE conversation_id = $1 AND left_at IS NULL AND join_order > $2 ORDER BY join_order LIMIT $3`,
      [req.conversationId, req.after ?? '0', size + 1],
    );
    const total = await queryRow<{ member_count: number }>(this.ds, `SELECT member_count FROM conversations WHERE id = $1`, [
      req.conversationId,
    ]);
    const edges = rows.slice(0, size).map((r) => ({ node: toMemberView(r), cursor: String(r.join_order) }));
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

  /** For payments and the gateway: whether a user is a current member (former members are not). */
  async checkMember(req: CheckMemberRequest): Promise<CheckMemberResponse> {
    if (!isUuid(req.conversationId) || !isUuid(req.userId)) return { member: false };
    const row = await queryRow<{ found: boolean }>(
      this.ds,
      `SELECT EXISTS (SELECT 1 FROM members WHERE conversation_id = $1 AND user_id = $2 AND left_at IS NULL) AS found`,
      [req.conversationId, req.userId],
    );
    return { member: row!.found };
  }
}
