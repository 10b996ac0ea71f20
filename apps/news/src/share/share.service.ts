import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, queryRow, RpcClient } from '@app/common';
import { MessageView, MessagingIntegrationSubjects, SharePostRequest } from '@app/contracts';
import { isUuid } from '../posts/cursor';
import { VISIBLE } from '../posts/post-query.service';

@Injectable()
export class ShareService {
  constructor(
    private readonly ds: DataSource,
    private readonly rpc: RpcClient,
  ) {}

  /**
   * A POST_SHARE message in a conversation the user is in. Messaging makes
   * it idempotent by (sender, conversation, clientId) and answers NOT_FOUND
   * when the user is not a member; its message is returned as it answers.
   */
  async share(input: SharePostRequest): Promise<MessageView> {
    if (!isUuid(input.postId) || !(await queryRow(this.ds, `SELECT 1 FROM posts p WHERE p.id = $1 AND ${VISIBLE}`, [input.postId]))) {
      throw DomainError.notFound('No such post');
    }
    if (!isUuid(input.conversationId)) throw DomainError.notFound('No such conversation');
    const clientId = input.clientId.trim();
    if (!clientId) throw DomainError.badInput('clientId', 'A clientId has 1 to 64 characters');
    return this.rpc.send(MessagingIntegrationSubjects.AttachMessage, {
      conversationId: input.conversationId,
      senderId: input.userId,
      kind: 'POST_SHARE',
      refId: input.postId,
      text: null,
      clientId,
    });
  }
}
