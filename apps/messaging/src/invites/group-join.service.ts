import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, isUuid, queryRow, queryRows } from '@app/common';
import { ConversationView, DecideJoinRequestRequest, GroupPreviewView, JoinRequestPage, ListInviteLinksRequest } from '@app/contracts';
import { AccountsClient } from '../clients/accounts.client';
import { MessagingEnv } from '../config/messaging.env';
import { ConversationReader } from '../conversations/conversation.reader';
import { allow } from '../conversations/conversation.rules';
import { SystemText } from '../messages/message.rules';
import { MessageWriter } from '../messages/message.writer';
import { Delivery } from '../updates/live.publisher';
import { appendToMembers, UpdateWriter } from '../updates/update.writer';
import { decodeTimeCursor, timePage } from './invite.row';

/**
 * Joining a group without being added: by an invite link, by an admin's
 * approval of a request, or through a public group's handle. Each runs in
 * the transaction that holds the conversation's lock (FOR UPDATE), so the
 * member count, a link's uses and the SYSTEM message agree.
 */
@Injectable()
export class GroupJoinService {
  constructor(
    private readonly ds: DataSource,
    private readonly env: MessagingEnv,
    private readonly reader: ConversationReader,
    private readonly writer: MessageWriter,
    private readonly accounts: AccountsClient,
    private readonly updates: UpdateWriter,
  ) {}

  /**
   * Makes userId a member (again) with a SYSTEM message; false when they
   * already are one. Someone an admin removed comes back only by an admin
   * (approval, addMembers), never by a link or a handle on their own.
   */
  async admit(
    db: EntityManager,
    out: Delivery[],
    conversationId: string,
    userId: string,
    text: string,
    byAdmin: boolean,
  ): Promise<boolean> {
    const current = await queryRow<{ left_at: Date | null; left_reason: string | null }>(
      db,
      `SELECT left_at, left_reason FROM members WHERE conversation_id = $1 AND user_id = $2 FOR UPDATE`,
      [conversationId, userId],
    );
    if (current && current.left_at === null) return false;
    if (current?.left_reason === 'REMOVED' && !byAdmin)
      throw DomainError.forbidden('An admin removed you from this group; ask an admin to add you');
    await db.query(
      `INSERT INTO members (conversation_id, user_id, role) VALUES ($1, $2, 'MEMBER')
       ON CONFLICT (conversation_id, user_id) DO UPDATE
         SET role = 'MEMBER', left_at = NULL, left_reason = NULL, until_seq = NULL,
             joined_at = clock_timestamp(), join_order = nextval('member_join_order')`,
      [conversationId, userId],
    );
    const [{ member_count }] = await queryRows<{ member_count: number }>(
      db,
      `UPDATE conversations SET member_count = member_count + 1 WHERE id = $1 RETURNING member_count`,
      [conversationId],
    );
    if (member_count > this.env.GROUP_MAX_MEMBERS)
      throw DomainError.forbidden(`This group is full (${this.env.GROUP_MAX_MEMBERS} members)`);
    await db.query(`DELETE FROM join_requests WHERE conversation_id = $1 AND user_id = $2`, [conversationId, userId]);
    const posted = await this.writer.post(db, {
      conversationId,
      senderId: null,
      kind: 'SYSTEM',
      clientId: null,
      text,
      searchDoc: null,
      extraRecipients: [],
    });
    out.push(posted.delivery);
    out.push(await appendToMembers(db, { type: 'ConversationChanged', conversationId, messageId: null, data: null }, []));
    return true;
  }

  /** The group's row, locked, or NOT_FOUND. */
  async lockGroup(db: EntityManager, conversationId: string): Promise<{ id: string; title: string; handle: string | null }> {
    const row = isUuid(conversationId)
      ? await queryRow<{ id: string; title: string; handle: string | null }>(
          db,
          `SELECT id, title, handle FROM conversations WHERE id = $1 AND kind = 'GROUP' FOR UPDATE`,
          [conversationId],
        )
      : null;
    if (!row) throw DomainError.notFound('No such group');
    return row;
  }

  async displayName(viewerId: string, userId: string): Promise<string> {
    return (await this.accounts.requireUsers(viewerId, [userId], 'userId')).get(userId)!.displayName;
  }

  async listRequests(req: ListInviteLinksRequest): Promise<JoinRequestPage> {
    const me = await this.reader.activeMembership(req.viewerId, req.conversationId);
    allow(me.kind, me.role, 'invite');
    const size = req.first ?? 50;
    const cursor = decodeTimeCursor(req.after);
    const rows = await queryRows<{ user_id: string; link_id: string | null; created_at: Date }>(
      this.ds,
      `SELECT user_id, link_id, created_at FROM join_requests
        WHERE conversation_id = $1 AND ($2::timestamptz IS NULL OR (date_trunc('milliseconds', created_at), user_id) > ($2, $3::uuid))
        ORDER BY date_trunc('milliseconds', created_at), user_id LIMIT $4`,
      [req.conversationId, cursor?.[0] ?? null, cursor?.[1] ?? null, size + 1],
    );
    return timePage(
      rows,
      size,
      cursor,
      (r) => ({ userId: r.user_id, linkId: r.link_id, createdAt: new Date(r.created_at).toISOString() }),
      (r) => r.user_id,
    );
  }

  /** Approve admits the user (with a SYSTEM message); decline drops the request. A request already decided is NOT_FOUND. */
  async decide(req: DecideJoinRequestRequest): Promise<boolean> {
    const [actor, name] = isUuid(req.userId)
      ? await Promise.all([this.displayName(req.viewerId, req.viewerId), this.displayName(req.viewerId, req.userId)])
      : [null, null];
    if (!actor || !name) throw DomainError.notFound('No such join request');
    await this.updates.change(async (db, out) => {
      const me = await this.reader.activeMembership(req.viewerId, req.conversationId, db, true);
      allow(me.kind, me.role, 'invite');
      const request = await queryRow<{ link_id: string | null }>(
        db,
        `DELETE FROM join_requests WHERE conversation_id = $1 AND user_id = $2 RETURNING link_id`,
        [req.conversationId, req.userId],
      );
      if (!request) throw DomainError.notFound('No such join request');
      if (!req.approve) return;
      const admitted = await this.admit(db, out, req.conversationId, req.userId, SystemText.approved(actor, name), true);
      if (admitted && request.link_id) await db.query(`UPDATE invite_links SET use_count = use_count + 1 WHERE id = $1`, [request.link_id]);
    });
    return true;
  }

  async setHandle(viewerId: string, conversationId: string, handle: string | null): Promise<ConversationView> {
    await this.updates.change(async (db, out) => {
      const me = await this.reader.activeMembership(viewerId, conversationId, db, true);
      allow(me.kind, me.role, 'setHandle');
      try {
        await db.query(`UPDATE conversations SET handle = $2 WHERE id = $1`, [conversationId, handle]);
      } catch (err) {
        if ((err as { code?: string }).code !== '23505') throw err;
        throw DomainError.badInput('handle', 'This handle is taken');
      }
      out.push(await appendToMembers(db, { type: 'ConversationChanged', conversationId, messageId: null, data: null }, []));
    });
    return this.reader.view(viewerId, conversationId);
  }

  /** A group found by its public handle; null when none has it. */
  async previewPublic(viewerId: string, handle: string): Promise<GroupPreviewView | null> {
    const row = await queryRow<{ id: string }>(this.ds, `SELECT id FROM conversations WHERE lower(handle) = lower($1) AND kind = 'GROUP'`, [
      handle.trim().replace(/^@/, ''),
    ]);
    return row ? this.preview(viewerId, row.id, false) : null;
  }

  async preview(viewerId: string, conversationId: string, requiresApproval: boolean): Promise<GroupPreviewView> {
    const row = (await queryRow<{ title: string; handle: string | null; member_count: number; is_member: boolean; pending: boolean }>(
      this.ds,
      `SELECT c.title, c.handle, c.member_count,
              EXISTS (SELECT 1 FROM members m WHERE m.conversation_id = c.id AND m.user_id = $2 AND m.left_at IS NULL) AS is_member,
              EXISTS (SELECT 1 FROM join_requests r WHERE r.conversation_id = c.id AND r.user_id = $2) AS pending
         FROM conversations c WHERE c.id = $1`,
      [conversationId, viewerId],
    ))!;
    return {
      conversationId,
      title: row.title,
      handle: row.handle,
      memberCount: row.member_count,
      requiresApproval,
      isMember: row.is_member,
      pending: row.pending,
    };
  }

  async joinPublic(viewerId: string, handle: string): Promise<ConversationView> {
    const found = await this.previewPublic(viewerId, handle);
    if (!found) throw DomainError.notFound('No public group has this handle');
    const name = await this.displayName(viewerId, viewerId);
    await this.updates.change(async (db, out) => {
      const group = await this.lockGroup(db, found.conversationId);
      if (!group.handle) throw DomainError.notFound('No public group has this handle');
      await this.admit(db, out, group.id, viewerId, SystemText.joined(name), false);
    });
    return this.reader.view(viewerId, found.conversationId);
  }
}
