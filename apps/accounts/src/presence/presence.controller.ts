import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AccountsSubjects, ReportPresenceRequest } from '@app/contracts';
import { PresenceService } from './presence.service';

@Controller()
export class PresenceController {
  constructor(private readonly presence: PresenceService) {}

  @MessagePattern(AccountsSubjects.ReportPresence)
  report(@Payload() input: ReportPresenceRequest) {
    return this.presence.report(input);
  }
}
