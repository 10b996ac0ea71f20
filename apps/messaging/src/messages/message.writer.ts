import { Injectable } from '@nestjs/common';
import { DomainError, queryRow } from '@app/common';
import { MessageKind } from '@app/contracts';
import { Db } from '../common/db';
import { Delivery } from '../updates/live.publisher';
import { PostRow, SendBatcher } from './send.batcher';

export interface PostInput {
  conversationId: string;
  /** Null for SYSTEM messages. */
  senderId: string | null;
  kind: MessageKind;
  clientId: string | null;
  text: string | null;
  searchDoc: string | null;
  replyToId?: string | null;
  forwardedFromId?: string | null;
  refId?: string | null;
  /** Who gets the MessageAdded besides current members (a member being removed sees its removal). */
  extraRecipients?: string[];
}

export interface Posted {
  duplicate: boolean;
  messageId: string;
  seq: number;
  createdAt: Date;
  delivery: Delivery;
}

/** What a member who left or was removed may no longer do. */
const FORMER = 'You are no longer a member of this conversation';

/**
 * The one way a message is stored: post_message() in the database (see the
 * migration for why seq and clientId hold there), for sends through the
 * batcher (post_messages), or inside a transaction that also changes
 * members (SYSTEM messages).
 */
@Injectable()
export class MessageWriter {
  constructor(private readonly batcher: SendBatcher) {}

  /** A message on its own: batched with concurrent sends, committed before this resolves. */
  async send(input: PostInput, formerIsNotFound = false): Promise<Posted> {
    return this.outcome(input, await this.batcher.post(input), formerIsNotFound);
  }

  /** A message inside the caller's transaction (SYSTEM messages of membership changes). */
  async post(db: Db, input: PostInput): Promise<Posted> {
    const row = await queryRow<PostRow>(db, `SELECT * FROM post_message($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [
      input.conversationId,
      input.senderId,
      input.kind,
      input.clientId,
      input.text,
      input.searchDoc,
      input.replyToId ?? null,
      input.forwardedFromId ?? null,
      input.refId ?? null,
      input.extraRecipients ?? null,
    ]);
    return this.outcome(input, row, false);
  }

  private outcome(input: PostInput, row: PostRow | undefined, formerIsNotFound: boolean): Posted {
    switch (row?.status) {
      case 'ok':
      case 'duplicate':
        return {
          duplicate: row.status === 'duplicate',
          messageId: row.message_id,
          seq: row.seq,
          createdAt: row.created_at,
          delivery: {
            type: 'MessageAdded',
            conversationId: input.conversationId,
            messageId: row.message_id,
            data: null,
            recipients: row.recipients ?? [],
            positions: (row.positions ?? []).map(String),
          },
        };
      case 'former':
        throw formerIsNotFound ? DomainError.notFound('No such conversation') : DomainError.forbidden(FORMER);
      case 'reply_not_found':
        throw DomainError.badInput('replyToId', 'A reply must answer a message of the same conversation');
      default:
        throw DomainError.notFound('No such conversation');
    }
  }

  /** Appends one update per recipient (fan_out in the database); for use inside a transaction. */
  async fanOut(db: Db, d: Omit<Delivery, 'positions'>): Promise<Delivery> {
    if (!d.recipients.length) return { ...d, positions: [] };
    const row = await queryRow<{ recipients: string[] | null; positions: string[] | null }>(
      db,
      `SELECT array_agg(recipient) AS recipients, array_agg(stream_pos) AS positions FROM fan_out($1::uuid[], $2, $3, $4, $5)`,
      [d.recipients, d.type, d.conversationId, d.messageId, d.data === null ? null : JSON.stringify(d.data)],
    );
    return { ...d, recipients: row?.recipients ?? [], positions: (row?.positions ?? []).map(String) };
  }
}
