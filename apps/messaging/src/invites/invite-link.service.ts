import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, isUuid, queryRow, queryRows } from '@app/common';
import {
  CreateInviteLinkRequest,
  ErrorCode,
  GroupPreviewView,
  InviteLinkPage,
  InviteLinkView,
  JoinResultView,
  ListInviteLinksRequest,
} from '@app/contracts';
import { ConversationReader } from '../conversations/conversation.reader';
import { allow } from '../conversations/conversation.rules';
import { SystemText } from '../messages/message.rules';
import { UpdateWriter } from '../updates/update.writer';
import { GroupJoinService } from './group-join.service';
import { decodeTimeCursor, InviteLinkRow, LINK_COLUMNS, timePage, toInviteLinkView } from './invite.row';
import { cleanLinkOptions, linkClosedReason, newInviteToken } from './invite.rules';

/**
 * Invite links: made and revoked by a group's owners and admins, used by
 * anyone holding one. A link that needs approval files a join request; any
 * other admits at once while it is open (not revoked, not expired, under its
 * use limit, counted under the conversation's lock so the limit holds for
 * users joining together).
 */
@Injectable()
export class InviteLinkService {
  constructor(
    private readonly ds: DataSource,
    private readonly reader: ConversationReader,
    private readonly joins: GroupJoinService,
    private readonly updates: UpdateWriter,
  ) {}

  /** Idempotent by (creator, idempotencyKey): a retry answers the first link, other options are IDEMPOTENCY_CONFLICT. */
  async create(req: CreateInviteLinkRequest): Promise<InviteLinkView> {
    const options = cleanLinkOptions(req, new Date());
    const key = req.idempotencyKey.trim();
    if (!key || key.length > 64) throw DomainError.badInput('idempotencyKey', 'An idempotency key has 1 to 64 characters');
    const me = await this.reader.activeMembership(req.viewerId, req.conversationId);
    allow(me.kind, me.role, 'invite');
    const inserted = await queryRows<InviteLinkRow>(
      this.ds,
      `INSERT INTO invite_links (conversation_id, token, creator_id, idempotency_key, name, expires_at, usage_limit, requires_approval)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (creator_id, idempotency_key) DO NOTHING RETURNING id`,
      [
        req.conversationId,
        newInviteToken(),
        req.viewerId,
        key,
        options.name,
        options.expiresAt,
        options.usageLimit,
        options.requiresApproval,
      ],
    );
    const link = await this.byKey(req.viewerId, key);
    const same =
      link.conversation_id === req.conversationId &&
      link.name === options.name &&
      (link.expires_at?.getTime() ?? null) === (options.expiresAt?.getTime() ?? null) &&
      link.usage_limit === options.usageLimit &&
      link.requires_approval === options.requiresApproval;
    if (!inserted.length && !same) throw new DomainError(ErrorCode.IdempotencyConflict, 'This idempotency key was used for another link');
    return toInviteLinkView(link);
  }

  async revoke(viewerId: string, linkId: string): Promise<InviteLinkView> {
    const link = await this.byId(linkId);
    const me = await this.reader.activeMembership(viewerId, link.conversation_id);
    allow(me.kind, me.role, 'invite');
    await this.ds.transaction(async (db) => {
      await db.query(`UPDATE invite_links SET revoked_at = coalesce(revoked_at, clock_timestamp()) WHERE id = $1`, [linkId]);
      // Requests that came through a revoked link are dropped: Telegram's behaviour, and nothing is left waiting forever.
      await db.query(`DELETE FROM join_requests WHERE link_id = $1`, [linkId]);
    });
    return toInviteLinkView(await this.byId(linkId));
  }

  async list(req: ListInviteLinksRequest): Promise<InviteLinkPage> {
    const me = await this.reader.activeMembership(req.viewerId, req.conversationId);
    allow(me.kind, me.role, 'invite');
    const size = req.first ?? 20;
    const cursor = decodeTimeCursor(req.after);
    const rows = await queryRows<InviteLinkRow>(
      this.ds,
      `SELECT ${LINK_COLUMNS} FROM invite_links l
        WHERE l.conversation_id = $1 AND ($2::timestamptz IS NULL OR (date_trunc('milliseconds', l.created_at), l.id) < ($2, $3::uuid))
        ORDER BY date_trunc('milliseconds', l.created_at) DESC, l.id DESC LIMIT $4`,
      [req.conversationId, cursor?.[0] ?? null, cursor?.[1] ?? null, size + 1],
    );
    return timePage(rows, size, cursor, toInviteLinkView, (r) => r.id);
  }

  /** What the holder of a link sees before joining; null for a link that does not exist or no longer admits anyone. */
  async preview(viewerId: string, token: string): Promise<GroupPreviewView | null> {
    const link = await queryRow<InviteLinkRow>(this.ds, `SELECT * FROM invite_links WHERE token = $1`, [token]);
    if (!link || linkClosedReason(link, new Date())) return null;
    return this.joins.preview(viewerId, link.conversation_id, link.requires_approval);
  }

  /**
   * Joins (or files a request). A member already in answers their
   * conversation and uses nothing; a closed link is NOT_FOUND with
   * extensions.reason REVOKED, EXPIRED or USED_UP.
   */
  async join(viewerId: string, token: string): Promise<JoinResultView> {
    const name = await this.joins.displayName(viewerId, viewerId);
    const found = await queryRow<{ conversation_id: string }>(this.ds, `SELECT conversation_id FROM invite_links WHERE token = $1`, [
      token,
    ]);
    if (!found) throw DomainError.notFound('No such invite link');
    const pending = await this.updates.change(async (db, out) => {
      await this.joins.lockGroup(db, found.conversation_id);
      const link = (await queryRow<InviteLinkRow>(db, `SELECT * FROM invite_links WHERE token = $1`, [token]))!;
      const member = await queryRow<{ active: boolean }>(
        db,
        `SELECT left_at IS NULL AS active FROM members WHERE conversation_id = $1 AND user_id = $2`,
        [link.conversation_id, viewerId],
      );
      if (member?.active) return false;
      const closed = linkClosedReason(link, new Date());
      if (closed) throw new DomainError(ErrorCode.NotFound, 'This invite link no longer works', { reason: closed });
      if (link.requires_approval) {
        await db.query(
          `INSERT INTO join_requests (conversation_id, user_id, link_id) VALUES ($1, $2, $3) ON CONFLICT (conversation_id, user_id) DO NOTHING`,
          [link.conversation_id, viewerId, link.id],
        );
        return true;
      }
      if (await this.joins.admit(db, out, link.conversation_id, viewerId, SystemText.joinedByLink(name), false)) {
        await db.query(`UPDATE invite_links SET use_count = use_count + 1 WHERE id = $1`, [link.id]);
      }
      return false;
    });
    return { conversation: pending ? null : await this.reader.view(viewerId, found.conversation_id), pending };
  }

  private async byId(linkId: string): Promise<InviteLinkRow> {
    const link = isUuid(linkId)
      ? await queryRow<InviteLinkRow>(this.ds, `SELECT ${LINK_COLUMNS} FROM invite_links l WHERE l.id = $1`, [linkId])
      : null;
    if (!link) throw DomainError.notFound('No such invite link');
    return link;
  }

  private async byKey(creatorId: string, key: string): Promise<InviteLinkRow> {
    return (await queryRow<InviteLinkRow>(
      this.ds,
      `SELECT ${LINK_COLUMNS} FROM invite_links l WHERE l.creator_id = $1 AND l.idempotency_key = $2`,
      [creatorId, key],
    ))!;
  }
}
