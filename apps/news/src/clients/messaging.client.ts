import { Injectable } from '@nestjs/common';
import { RpcClient } from '@app/common';
import { MessageView, MessagingIntegrationSubjects } from '@app/contracts';

/** What news asks of messaging: a post shared into a chat. */
@Injectable()
export class MessagingClient {
  constructor(private readonly rpc: RpcClient) {}

  /**
   * A POST_SHARE message from senderId. Messaging makes it idempotent by
   * (sender, conversation, clientId) and answers NOT_FOUND when the sender is
   * not a member; its message is returned as it answers.
   */
  sharePost(share: { conversationId: string; senderId: string; postId: string; clientId: string }): Promise<MessageView> {
    return this.rpc.send(MessagingIntegrationSubjects.AttachMessage, {
      conversationId: share.conversationId,
      senderId: share.senderId,
      kind: 'POST_SHARE',
      refId: share.postId,
      text: null,
      clientId: share.clientId,
    });
  }
}
