import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ConversationRequest, ListUpdatesRequest, MessagingSubjects as S } from '@app/contracts';
import { TypingService } from './typing.service';
import { UpdateService } from './update.service';

@Controller()
export class UpdateController {
  constructor(
    private readonly updates: UpdateService,
    private readonly typing: TypingService,
  ) {}

  @MessagePattern(S.ListUpdates)
  list(@Payload() input: ListUpdatesRequest) {
    return this.updates.list(input.viewerId, input.after, input.limit);
  }

  @MessagePattern(S.SetTyping)
  setTyping(@Payload() input: ConversationRequest) {
    return this.typing.set(input.viewerId, input.conversationId);
  }
}
