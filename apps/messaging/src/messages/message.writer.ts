import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/common';
import { postMessage, PostMessageParams, PostMessageResult } from '../database/functions/post_message.function';
import { Db } from '../database/transaction';
import { Delivery } from '../updates/live.publisher';
import { SendBatcher } from './send.batcher';

/** A message to store (the stream locks are always taken by the database function). */
export type PostInput = Omit<PostMessageParams, 'streamsLocked'>;

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
 * The one way a message is stored: post_message / post_messages in the
 * database (see database/functions/ for why seq and clientId hold there),
 * for sends through the batcher, or inside a transaction that also changes
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
    return this.outcome(input, await postMessage(db, input), false);
  }

  private outcome(input: PostInput, result: PostMessageResult, formerIsNotFound: boolean): Posted {
    switch (result.status) {
      case 'ok':
      case 'duplicate':
        return {
          duplicate: result.status === 'duplicate',
          messageId: result.messageId,
          seq: result.seq,
          createdAt: result.createdAt,
          delivery: {
            type: 'MessageAdded',
            conversationId: input.conversationId,
            messageId: result.messageId,
            data: null,
            recipients: result.recipients,
            positions: result.positions,
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
}
