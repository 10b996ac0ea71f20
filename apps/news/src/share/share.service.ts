import { Injectable } from '@nestjs/common';
import { DomainError, isUuid } from '@app/common';
import { MessageView, SharePostRequest } from '@app/contracts';
import { MessagingClient } from '../clients/messaging.client';
import { PostQueryService } from '../posts/post-query.service';

@Injectable()
export class ShareService {
  constructor(
    private readonly reader: PostQueryService,
    private readonly messaging: MessagingClient,
  ) {}

  /** A POST_SHARE message from the viewer in a conversation they are in (messaging decides membership). */
  async share(input: SharePostRequest): Promise<MessageView> {
    await this.reader.requireVisible(input.postId);
    if (!isUuid(input.conversationId)) throw DomainError.notFound('No such conversation');
    const clientId = input.clientId.trim();
    if (!clientId) throw DomainError.badInput('clientId', 'A clientId has 1 to 64 characters');
    return this.messaging.sharePost({ conversationId: input.conversationId, senderId: input.viewerId, postId: input.postId, clientId });
  }
}
