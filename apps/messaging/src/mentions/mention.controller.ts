import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { MessageEntitiesRequest, MessagingMentionSubjects as S, UnreadMentionsRequest } from '@app/contracts';
import { MentionService } from './mention.service';

@Controller()
export class MentionController {
  constructor(private readonly mentions: MentionService) {}

  @MessagePattern(S.MessageEntities)
  entities(@Payload() input: MessageEntitiesRequest) {
    return this.mentions.entities(input.viewerId, input.messageIds);
  }

  @MessagePattern(S.UnreadMentions)
  unread(@Payload() input: UnreadMentionsRequest) {
    return this.mentions.unread(input.viewerId, input.conversationIds);
  }
}
