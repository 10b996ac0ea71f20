import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  DeleteMemberMessagesRequest,
  MessagingModerationSubjects as S,
  ReportRequest,
  RestrictMemberRequest,
  SetSlowModeRequest,
} from '@app/contracts';
import { ModerationService } from './moderation.service';

@Controller()
export class ModerationController {
  constructor(private readonly moderation: ModerationService) {}

  @MessagePattern(S.SetSlowMode)
  setSlowMode(@Payload() input: SetSlowModeRequest) {
    return this.moderation.setSlowMode(input.viewerId, input.conversationId, input.seconds);
  }

  @MessagePattern(S.RestrictMember)
  restrict(@Payload() input: RestrictMemberRequest) {
    return this.moderation.restrict(input);
  }

  @MessagePattern(S.DeleteMemberMessages)
  deleteMessages(@Payload() input: DeleteMemberMessagesRequest) {
    return this.moderation.deleteMemberMessages(input);
  }

  @MessagePattern(S.Report)
  report(@Payload() input: ReportRequest) {
    return this.moderation.report(input);
  }
}
