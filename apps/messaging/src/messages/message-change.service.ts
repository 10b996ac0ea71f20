import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, isUuid, queryRow, queryRows } from '@app/common';
import { ConversationKind, DeleteMessageRequest, EditMessageRequest, MemberRole, MessageView, ReactRequest } from '@app/contracts';
import { MessagingEnv } from '../config/messaging.env';
import { can } from '../conversations/conversation.rules';
import { MentionService } from '../mentions/mention.service';
import { appendToMembers, appendUpdate, UpdateWriter } from '../updates/update.writer';
import { checkEmoji, cleanText } from './message.rules';
import { loadMessageRows, MESSAGE_COLUMNS, MessageRow, MessageViewSet } from './message.row';

interface LockedMessage extends MessageRow {
  conv_kind: ConversationKind;
  role: MemberRole;
  active: boolean;
  recent: boolean;
}

/**
 * Changes to existing messages: edit, delete, react. Each locks the message
 * row first (so an edit, a delete and a reaction on one message apply one at
 * a time), then appends its update to the current members' streams in the
 * same transaction, and pushes it live after the commit.
 */
@Injectable()
export class MessageChangeService {
  constructor(
    private readonly ds: DataSource,
    private readonly env: MessagingEnv,
    private readonly updates: UpdateWriter,
    private readonly mentions: MentionService,
  ) {}

  async edit(input: EditMessageRequest): Promise<MessageView> {
    const { text, searchDoc } = cleanText(input.text, this.env.MESSAGE_MAX_LENGTH);
    await this.updates.change(async (db, out) => {
      const m = await this.lock(db, input.viewerId, input.messageId, 'FOR UPDATE');
      if (m.sender_id !== input.viewerId) throw DomainError.forbidden('Only its sender may edit a message');
      if (m.kind !== 'TEXT') throw DomainError.badInput('messageId', `A ${m.kind} message cannot be edited`);
      if (m.deleted_at) throw DomainError.forbidden('A deleted message cannot be edited');
      if (!m.recent) throw DomainError.forbidden(`A message can be edited within ${this.env.EDIT_WINDOW_HOURS} hours of sending`);
      if (m.text === text) return;
      await db.query(`UPDATE messages SET text = $2, search_doc = $3, edited_at = clock_timestamp() WHERE id = $1`, [
        m.id,
        text,
        searchDoc,
      ]);
      await this.mentions.restore(
        db,
        { id: m.id, conversationId: m.conversation_id, seq: m.seq, senderId: m.sender_id!, text },
        m.text ?? '',
      );
      out.push(await appendToMembers(db, { type: 'MessageEdited', conversationId: m.conversation_id, messageId: m.id, data: null }));
    });
    return this.view(input.viewerId, input.messageId);
  }

  /** For everyone: the sender, or a group's owners and admins. For me: anyone who can read it. */
  async delete(input: DeleteMessageRequest): Promise<boolean> {
    await this.updates.change(async (db, out) => {
      const m = await this.lock(db, input.viewerId, input.messageId, input.forEveryone ? 'FOR UPDATE' : 'FOR SHARE', input.forEveryone);
      const data = { seq: m.seq };
      if (!input.forEveryone) {
        const hidden = await queryRows<{ message_id: string }>(
          db,
          `INSERT INTO hidden_messages (user_id, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING message_id`,
          [input.viewerId, m.id],
        );
        if (hidden.length) {
          const update = { type: 'MessageDeleted', conversationId: m.conversation_id, messageId: m.id, data } as const;
          out.push(await appendUpdate(db, update, [input.viewerId]));
        }
        return;
      }
      const mine = m.sender_id === input.viewerId;
      if (!mine && !can(m.conv_kind, m.role, 'deleteOthers')) {
        throw DomainError.forbidden(
          m.conv_kind === 'DIRECT'
            ? 'Only its sender may delete a message for everyone'
            : `Your role (${m.role}) may not delete others' messages`,
        );
      }
      if (m.deleted_at) return;
      await db.query(`UPDATE messages SET text = NULL, search_doc = NULL, deleted_at = clock_timestamp() WHERE id = $1`, [m.id]);
      await db.query(`DELETE FROM reactions WHERE message_id = $1`, [m.id]);
      out.push(await appendToMembers(db, { type: 'MessageDeleted', conversationId: m.conversation_id, messageId: m.id, data }));
    });
    return true;
  }

  /** One reaction per user per message; null removes it. Unchanged reactions make no update. */
  async react(input: ReactRequest): Promise<MessageView> {
    const emoji = input.emoji === null || input.emoji === undefined ? null : checkEmoji(input.emoji);
    await this.updates.change(async (db, out) => {
      const m = await this.lock(db, input.viewerId, input.messageId, 'FOR SHARE', true);
      if (m.deleted_at) throw DomainError.badInput('messageId', 'A deleted message takes no reactions');
      if (m.kind === 'SYSTEM') throw DomainError.badInput('messageId', 'A SYSTEM message takes no reactions');
      const changed =
        emoji === null
          ? await queryRows<{ emoji: string }>(db, `DELETE FROM reactions WHERE message_id = $1 AND user_id = $2 RETURNING emoji`, [
              m.id,
              input.viewerId,
            ])
          : await queryRows<{ emoji: string }>(
              db,
              `INSERT INTO reactions (message_id, user_id, emoji) VALUES ($1, $2, $3)
           ON CONFLICT (message_id, user_id) DO UPDATE SET emoji = EXCLUDED.emoji, created_at = clock_timestamp()
             WHERE reactions.emoji <> EXCLUDED.emoji
           RETURNING emoji`,
              [m.id, input.viewerId, emoji],
            );
      if (changed.length) {
        out.push(await appendToMembers(db, { type: 'ReactionsChanged', conversationId: m.conversation_id, messageId: m.id, data: null }));
      }
    });
    return this.view(input.viewerId, input.messageId);
  }

  /**
   * Locks a message the viewer may read, and its conversation against
   * membership changes (KEY SHARE: senders are not held up), so the members
   * read next are the ones the update must reach. Former members may only hide
   * messages for themselves (requireActive false); acting on the
   * conversation needs a current member.
   */
  private async lock(
    db: EntityManager,
    viewerId: string,
    messageId: string,
    mode: 'FOR UPDATE' | 'FOR SHARE',
    requireActive = true,
  ): Promise<LockedMessage> {
    if (!isUuid(messageId)) throw DomainError.notFound('No such message');
    const m = await queryRow<LockedMessage>(
      db,
      `SELECT ${MESSAGE_COLUMNS}, c.kind AS conv_kind, mb.role, mb.left_at IS NULL AS active,
              m.created_at > now() - make_interval(hours => $3) AS recent
         FROM messages m
         JOIN members mb ON mb.conversation_id = m.conversation_id AND mb.user_id = $1
         JOIN conversations c ON c.id = m.conversation_id
        WHERE m.id = $2 AND (mb.until_seq IS NULL OR m.seq <= mb.until_seq)
        ${mode} OF m FOR KEY SHARE OF c`,
      [viewerId, messageId, this.env.EDIT_WINDOW_HOURS],
    );
    if (!m) throw DomainError.notFound('No such message');
    if (requireActive && !m.active) throw DomainError.forbidden('You are no longer a member of this conversation');
    return m;
  }

  private async view(viewerId: string, id: string): Promise<MessageView> {
    const rows = await loadMessageRows(this.ds, [id]);
    return (await MessageViewSet.load(this.ds, rows, [viewerId])).view(id, viewerId)!;
  }
}
