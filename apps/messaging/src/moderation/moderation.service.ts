import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, isUuid, queryRow, queryRows } from '@app/common';
import {
  ConversationView,
  DeleteMemberMessagesRequest,
  ErrorCode,
  MemberRole,
  ReportRequest,
  ReportView,
  RestrictMemberRequest,
} from '@app/contracts';
import { ConversationReader } from '../conversations/conversation.reader';
import { allow, allowRemove } from '../conversations/conversation.rules';
import { appendToMembers, UpdateWriter } from '../updates/update.writer';

/** "For good": PostgreSQL's infinity would not survive JavaScript's dates. */
const FOREVER = '9999-12-31T00:00:00Z';
/** A member's messages deleted per transaction (each a MessageDeleted to every member). */
const DELETE_CHUNK = 500;

/**
 * Group admin tools and reports. Slow mode and restrictions are enforced on
 * every send (MessageService.checkGroupRules); owners and admins are exempt.
 */
@Injectable()
export class ModerationService {
  constructor(
    private readonly ds: DataSource,
    private readonly reader: ConversationReader,
    private readonly updates: UpdateWriter,
  ) {}

  async setSlowMode(viewerId: string, conversationId: string, seconds: number): Promise<ConversationView> {
    await this.updates.change(async (db, out) => {
      const me = await this.reader.activeMembership(viewerId, conversationId, db, true);
      allow(me.kind, me.role, 'moderate');
      const changed = await queryRows<{ id: string }>(
        db,
        `UPDATE conversations SET slow_mode_seconds = $2 WHERE id = $1 AND slow_mode_seconds <> $2 RETURNING id`,
        [conversationId, seconds],
      );
      if (changed.length)
        out.push(await appendToMembers(db, { type: 'ConversationChanged', conversationId, messageId: null, data: null }, []));
    });
    return this.reader.view(viewerId, conversationId);
  }

  async restrict(req: RestrictMemberRequest): Promise<boolean> {
    const until = req.restricted ? (req.until ?? FOREVER) : null;
    if (until && new Date(until).getTime() <= Date.now()) throw DomainError.badInput('until', 'The restriction must end in the future');
    await this.updates.change(async (db, out) => {
      await this.checkOver(db, req.viewerId, req.conversationId, req.userId);
      await db.query(`UPDATE members SET restricted_until = $3 WHERE conversation_id = $1 AND user_id = $2`, [
        req.conversationId,
        req.userId,
        until,
      ]);
      out.push(
        await appendToMembers(db, { type: 'ConversationChanged', conversationId: req.conversationId, messageId: null, data: null }, []),
      );
    });
    return true;
  }

  /** Deletes for everyone every message the member sent here; answers how many. */
  async deleteMemberMessages(req: DeleteMemberMessagesRequest): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.updates.change(async (db, out) => {
        await this.checkOver(db, req.viewerId, req.conversationId, req.userId, true);
        const rows = await queryRows<{ id: string; seq: number }>(
          db,
          `UPDATE messages SET text = NULL, search_doc = NULL, deleted_at = clock_timestamp()
            WHERE conversation_id = $1 AND id IN (SELECT id FROM messages WHERE conversation_id = $1 AND sender_id = $2 AND deleted_at IS NULL ORDER BY seq LIMIT $3 FOR UPDATE)
            RETURNING id, seq`,
          [req.conversationId, req.userId, DELETE_CHUNK],
        );
        if (!rows.length) return 0;
        await db.query(`DELETE FROM reactions WHERE message_id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
        for (const r of rows) {
          out.push(
            await appendToMembers(db, {
              type: 'MessageDeleted',
              conversationId: req.conversationId,
              messageId: r.id,
              data: { seq: r.seq },
            }),
          );
        }
        return rows.length;
      });
      total += deleted;
      if (deleted < DELETE_CHUNK) return total;
    }
  }

  /** Locks the conversation; the viewer must be allowed over the target as for removing them (a former member may be the target). */
  private async checkOver(db: EntityManager, viewerId: string, conversationId: string, userId: string, formerToo = false): Promise<void> {
    if (userId === viewerId) throw DomainError.badInput('userId', 'Not on yourself');
    const me = await this.reader.activeMembership(viewerId, conversationId, db, true);
    const target = isUuid(userId)
      ? await queryRow<{ role: MemberRole; active: boolean }>(
          db,
          `SELECT role, left_at IS NULL AS active FROM members WHERE conversation_id = $1 AND user_id = $2`,
          [conversationId, userId],
        )
      : null;
    if (!target || (!target.active && !formerToo)) throw DomainError.notFound('This user is not a member of the conversation');
    allowRemove(me.kind, me.role, target.role);
  }

  /**
   * Stored for an operator (scripts/reports.mjs). A message must be one the
   * reporter can read; idempotent by (reporter, idempotencyKey).
   */
  async report(req: ReportRequest): Promise<ReportView> {
    const key = req.idempotencyKey.trim();
    if (!key || key.length > 64) throw DomainError.badInput('idempotencyKey', 'An idempotency key has 1 to 64 characters');
    if (!req.messageId && !req.userId) throw DomainError.badInput('messageId', 'Report a message or a user');
    let conversationId: string | null = null;
    let userId = req.userId ?? null;
    if (req.messageId) {
      const m = isUuid(req.messageId)
        ? await queryRow<{ conversation_id: string; sender_id: string | null }>(
            this.ds,
            `SELECT x.conversation_id, x.sender_id FROM messages x
               JOIN members mb ON mb.conversation_id = x.conversation_id AND mb.user_id = $2
              WHERE x.id = $1 AND (mb.until_seq IS NULL OR x.seq <= mb.until_seq)`,
            [req.messageId, req.viewerId],
          )
        : null;
      if (!m) throw DomainError.notFound('No such message');
      conversationId = m.conversation_id;
      userId = userId ?? m.sender_id;
    } else if (!isUuid(userId!)) throw DomainError.notFound('No such user');
    const comment = req.comment?.trim() || null;
    await this.ds.query(
      `INSERT INTO reports (reporter_id, idempotency_key, conversation_id, message_id, reported_user_id, reason, comment)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (reporter_id, idempotency_key) DO NOTHING`,
      [req.viewerId, key, conversationId, req.messageId ?? null, userId, req.reason, comment],
    );
    const row = (await queryRow<{
      id: string;
      reason: ReportView['reason'];
      message_id: string | null;
      reported_user_id: string | null;
      created_at: Date;
    }>(
      this.ds,
      `SELECT id, reason, message_id, reported_user_id, created_at FROM reports WHERE reporter_id = $1 AND idempotency_key = $2`,
      [req.viewerId, key],
    ))!;
    if (row.reason !== req.reason || row.message_id !== (req.messageId ?? null)) {
      throw new DomainError(ErrorCode.IdempotencyConflict, 'This idempotency key was used for another report');
    }
    return {
      id: row.id,
      reason: row.reason,
      messageId: row.message_id,
      userId: row.reported_user_id,
      createdAt: new Date(row.created_at).toISOString(),
    };
  }
}
