import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUuid, queryRow, queryRows } from '@app/common';
import { ChatMoneyChangedEvent, ConversationKind, ConversationMembersRequest, ConversationMembersResponse } from '@app/contracts';
import { MessageService } from '../messages/message.service';
import { appendToMembers, UpdateWriter } from '../updates/update.writer';

/** The message's clientId for a payments record: one message per request or split. */
export function chatMoneyClientId(e: Pick<ChatMoneyChangedEvent, 'kind' | 'refId'>): string {
  return `${e.kind === 'MONEY_REQUEST' ? 'money-request' : 'bill-split'}:${e.refId}`;
}

/**
 * MONEY_REQUEST and BILL_SPLIT messages. The message shows the payments
 * record it names (the gateway reads its state from payments), so a change
 * of state only needs to reach the members: a MessageEdited update in every
 * current member's stream, once per version of the record (ref_version).
 */
@Injectable()
export class ChatMoneyMessages {
  constructor(
    private readonly ds: DataSource,
    private readonly messages: MessageService,
    private readonly updates: UpdateWriter,
  ) {}

  /** Posts the message if it is not there yet, then announces the change if it is newer than the last announced. */
  async apply(e: ChatMoneyChangedEvent): Promise<void> {
    if (await this.announce(e)) return;
    await this.messages.attach({
      conversationId: e.conversationId,
      senderId: e.senderId,
      kind: e.kind,
      refId: e.refId,
      text: null,
      clientId: chatMoneyClientId(e),
    });
    await this.announce(e);
  }

  /**
   * Appends MessageEdited to the current members' streams when the event is
   * newer than what the message last announced; false when there is no
   * message yet. Members who left get nothing (they read the record by id).
   */
  private announce(e: ChatMoneyChangedEvent): Promise<boolean> {
    return this.updates.change(async (db, out) => {
      const m = await queryRow<{ id: string; ref_version: number }>(
        db,
        `SELECT m.id, m.ref_version FROM messages m JOIN conversations c ON c.id = m.conversation_id
          WHERE m.conversation_id = $1 AND m.sender_id = $2 AND m.client_id = $3
          FOR UPDATE OF m FOR KEY SHARE OF c`,
        [e.conversationId, e.senderId, chatMoneyClientId(e)],
      );
      if (!m) return false;
      if (m.ref_version >= e.version) return true;
      await db.query(`UPDATE messages SET ref_version = $2 WHERE id = $1`, [m.id, e.version]);
      out.push(await appendToMembers(db, { type: 'MessageEdited', conversationId: e.conversationId, messageId: m.id, data: null }));
      return true;
    });
  }

  /** For payments: the conversation's kind, which of the users are current members, a direct one's two users. */
  async members(input: ConversationMembersRequest): Promise<ConversationMembersResponse> {
    if (!isUuid(input.conversationId)) return { kind: null, members: [], directPair: null };
    const conversation = await queryRow<{ kind: ConversationKind; direct_key: string | null }>(
      this.ds,
      `SELECT kind, direct_key FROM conversations WHERE id = $1`,
      [input.conversationId],
    );
    if (!conversation) return { kind: null, members: [], directPair: null };
    const rows = await queryRows<{ user_id: string }>(
      this.ds,
      `SELECT user_id FROM members WHERE conversation_id = $1 AND user_id = ANY($2::uuid[]) AND left_at IS NULL`,
      [input.conversationId, input.userIds],
    );
    return {
      kind: conversation.kind,
      members: rows.map((r) => r.user_id),
      directPair: conversation.direct_key ? conversation.direct_key.split(':') : null,
    };
  }
}
