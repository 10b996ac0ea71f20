import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, isUuid, queryRow, queryRows } from '@app/common';
import { ConversationView, MarkReadRequest, PinRequest, SetMutedRequest } from '@app/contracts';
import { markRead } from '../database/functions/mark_read.function';
import { LivePublisher } from '../updates/live.publisher';
import { appendToMembers, appendUpdate, UpdateWriter } from '../updates/update.writer';
import { ConversationReader } from './conversation.reader';
import { allow } from './conversation.rules';

/** What members change about a conversation without changing who is in it: read markers, muting, the pinned message. */
@Injectable()
export class ConversationSettingsService {
  constructor(
    private readonly ds: DataSource,
    private readonly reader: ConversationReader,
    private readonly updates: UpdateWriter,
    private readonly live: LivePublisher,
  ) {}

  /** Forward only: a marker at or past upToSeq stays; past the last message it stops at the last message. */
  async markRead(req: MarkReadRequest): Promise<ConversationView> {
    if (!isUuid(req.conversationId)) throw DomainError.notFound('No such conversation');
    const moved = await markRead(this.ds, { conversationId: req.conversationId, viewerId: req.viewerId, upToSeq: req.upToSeq });
    if (moved.status === 'not_found') throw DomainError.notFound('No such conversation');
    if (moved.status === 'former') throw DomainError.forbidden('You are no longer a member of this conversation');
    if (moved.status === 'ok') {
      await this.live.deliver([
        {
          type: 'ReadMarkerMoved',
          conversationId: req.conversationId,
          messageId: null,
          data: { userId: req.viewerId, lastReadSeq: moved.lastRead },
          recipients: moved.recipients,
          positions: moved.positions,
        },
      ]);
    }
    return this.reader.view(req.viewerId, req.conversationId);
  }

  /** Muting is the viewer's own setting: only their devices hear of it. */
  async setMuted(req: SetMutedRequest): Promise<ConversationView> {
    await this.reader.activeMembership(req.viewerId, req.conversationId);
    await this.updates.change(async (db, out) => {
      const changed = await queryRows<{ user_id: string }>(
        db,
        `UPDATE members SET muted = $3 WHERE conversation_id = $1 AND user_id = $2 AND left_at IS NULL AND muted <> $3 RETURNING user_id`,
        [req.conversationId, req.viewerId, req.muted],
      );
      if (!changed.length) return;
      const update = { type: 'ConversationChanged', conversationId: req.conversationId, messageId: null, data: null } as const;
      out.push(await appendUpdate(db, update, [req.viewerId]));
    });
    return this.reader.view(req.viewerId, req.conversationId);
  }

  async pin(req: PinRequest): Promise<ConversationView> {
    await this.updates.change(async (db, out) => {
      const me = await this.reader.activeMembership(req.viewerId, req.conversationId, db, true);
      allow(me.kind, me.role, 'pin');
      const messageId = req.messageId ?? null;
      if (messageId !== null) {
        const found =
          isUuid(messageId) &&
          (await queryRow<{ id: string }>(db, `SELECT id FROM messages WHERE id = $1 AND conversation_id = $2`, [
            messageId,
            req.conversationId,
          ]));
        if (!found) throw DomainError.notFound('No such message in this conversation');
      }
      const changed = await queryRows<{ id: string }>(
        db,
        `UPDATE conversations SET pinned_message_id = $2 WHERE id = $1 AND pinned_message_id IS DISTINCT FROM $2::uuid RETURNING id`,
        [req.conversationId, messageId],
      );
      if (!changed.length) return;
      out.push(await appendToMembers(db, { type: 'ConversationChanged', conversationId: req.conversationId, messageId: null, data: null }));
    });
    return this.reader.view(req.viewerId, req.conversationId);
  }
}
