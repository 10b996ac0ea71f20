import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUuid, queryRows } from '@app/common';
import { MentionInput, MessageEntitiesView, MessageEntityKind, UnreadMentionsView } from '@app/contracts';
import { AccountsClient } from '../clients/accounts.client';
import { Db } from '../database/transaction';
import { findUsernameMentions, placeMentions } from './mention.rules';

interface EntityRow {
  kind: MessageEntityKind;
  offset: number;
  length: number;
  user_id: string;
}

/**
 * A message's mentions, stored beside it: @usernames that name a user, and
 * picker mentions of the conversation's current members. Written before the
 * send is answered (and again, idempotently, by a retried send), so an
 * answered message always has its mentions.
 */
@Injectable()
export class MentionService {
  constructor(
    private readonly ds: DataSource,
    private readonly accounts: AccountsClient,
  ) {}

  /** Stores the mentions of a stored message (its text as stored); picker mentions already placed in that text. */
  async store(
    db: Db,
    message: { id: string; conversationId: string; seq: number; senderId: string; text: string },
    picked: MentionInput[],
  ) {
    const found = findUsernameMentions(message.text);
    const byName = await this.accounts.byUsernames(
      message.senderId,
      found.map((m) => m.username),
    );
    const ids = new Map(byName.map((u) => [u.username!.toLowerCase(), u.id]));
    const members = await this.activeMembers(db, message.conversationId, picked.map((p) => p.userId).filter(isUuid));
    const entities: EntityRow[] = [
      ...found
        .filter((m) => ids.has(m.username))
        .map((m) => ({ kind: 'MENTION' as const, offset: m.offset, length: m.length, user_id: ids.get(m.username)! })),
      ...picked
        .filter((p) => members.has(p.userId))
        .filter((p) => !found.some((m) => p.offset < m.offset + m.length && m.offset < p.offset + p.length))
        .map((p) => ({ kind: 'TEXT_MENTION' as const, offset: p.offset, length: p.length, user_id: p.userId })),
    ];
    if (!entities.length) return;
    await db.query(
      `INSERT INTO message_entities (message_id, conversation_id, seq, kind, "offset", length, user_id)
       SELECT $1, $2, $3, e.kind, e.off, e.len, e.uid FROM unnest($4::text[], $5::int[], $6::int[], $7::uuid[]) AS e (kind, off, len, uid)
       ON CONFLICT DO NOTHING`,
      [
        message.id,
        message.conversationId,
        message.seq,
        entities.map((e) => e.kind),
        entities.map((e) => e.offset),
        entities.map((e) => e.length),
        entities.map((e) => e.user_id),
      ],
    );
  }

  /**
   * After a send: a new message gets its mentions; a retried send whose first
   * attempt stored the message but not its mentions (a crash between the two)
   * gets them now, placed in the text as stored.
   */
  async afterSend(
    posted: { duplicate: boolean; messageId: string; seq: number },
    senderId: string,
    conversationId: string,
    sent: { original: string; stored: string | null },
    picked: MentionInput[],
  ) {
    let text: string | null = sent.stored;
    if (posted.duplicate) {
      const [row] = await queryRows<{ text: string | null }>(
        this.ds,
        `SELECT text FROM messages x WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM message_entities e WHERE e.message_id = x.id)`,
        [posted.messageId],
      );
      text = row?.text ?? null;
    }
    if (!text) return;
    const placed = placeMentions(sent.original, text, picked);
    await this.store(this.ds, { id: posted.messageId, conversationId, seq: posted.seq, senderId, text }, placed);
  }

  /** After an edit: @usernames found again; picker mentions kept where their text still stands. */
  async restore(db: Db, message: { id: string; conversationId: string; seq: number; senderId: string; text: string }, oldText: string) {
    const old = await queryRows<EntityRow>(
      db,
      `DELETE FROM message_entities WHERE message_id = $1 RETURNING kind, "offset", length, user_id`,
      [message.id],
    );
    const kept = old
      .filter((e) => e.kind === 'TEXT_MENTION')
      .filter((e) => message.text.slice(e.offset, e.offset + e.length) === oldText.slice(e.offset, e.offset + e.length))
      .map((e) => ({ offset: e.offset, length: e.length, userId: e.user_id }));
    await this.store(db, message, kept);
  }

  private async activeMembers(db: Db, conversationId: string, userIds: string[]): Promise<Set<string>> {
    if (!userIds.length) return new Set();
    const rows = await queryRows<{ user_id: string }>(
      db,
      `SELECT user_id FROM members WHERE conversation_id = $1 AND user_id = ANY($2::uuid[]) AND left_at IS NULL`,
      [conversationId, userIds],
    );
    return new Set(rows.map((r) => r.user_id));
  }

  /** Entities of the messages the viewer may read (others: none); deleted messages have none. */
  async entities(viewerId: string, messageIds: string[]): Promise<MessageEntitiesView[]> {
    const ids = [...new Set(messageIds.filter(isUuid))];
    const rows = ids.length
      ? await queryRows<EntityRow & { message_id: string }>(
          this.ds,
          `SELECT e.message_id, e.kind, e."offset", e.length, e.user_id
             FROM message_entities e
             JOIN messages x ON x.conversation_id = e.conversation_id AND x.id = e.message_id AND x.deleted_at IS NULL
             JOIN members m ON m.conversation_id = e.conversation_id AND m.user_id = $1 AND e.seq <= COALESCE(m.until_seq, 2147483647)
            WHERE e.message_id = ANY($2::uuid[])
            ORDER BY e.message_id, e."offset"`,
          [viewerId, ids],
        )
      : [];
    return messageIds.map((messageId) => ({
      messageId,
      entities: rows
        .filter((r) => r.message_id === messageId)
        .map((r) => ({ kind: r.kind, offset: r.offset, length: r.length, userId: r.user_id })),
    }));
  }

  /** Per conversation: messages from others mentioning the viewer above their read marker, not deleted, not hidden. */
  async unread(viewerId: string, conversationIds: string[]): Promise<UnreadMentionsView[]> {
    const ids = [...new Set(conversationIds.filter(isUuid))];
    const rows = ids.length
      ? await queryRows<{ conversation_id: string; seqs: number[] }>(
          this.ds,
          `SELECT m.conversation_id, array_agg(DISTINCT e.seq ORDER BY e.seq) AS seqs
             FROM members m
             JOIN message_entities e ON e.user_id = m.user_id AND e.conversation_id = m.conversation_id
              AND e.seq > m.last_read_seq AND e.seq <= COALESCE(m.until_seq, 2147483647)
             JOIN messages x ON x.conversation_id = e.conversation_id AND x.id = e.message_id AND x.deleted_at IS NULL
              AND x.sender_id IS DISTINCT FROM m.user_id
            WHERE m.user_id = $1 AND m.conversation_id = ANY($2::uuid[])
              AND NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.user_id = m.user_id AND h.message_id = e.message_id)
            GROUP BY m.conversation_id`,
          [viewerId, ids],
        )
      : [];
    const byId = new Map(rows.map((r) => [r.conversation_id, r.seqs]));
    return conversationIds.map((conversationId) => {
      const seqs = byId.get(conversationId) ?? [];
      return { conversationId, count: seqs.length, seqs: seqs.slice(0, 100) };
    });
  }
}
