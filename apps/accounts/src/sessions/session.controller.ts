import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AccountsSubjects,
  ListSessionsRequest,
  RefreshSessionRequest,
  RevokeSessionRequest,
  ValidateSessionRequest,
  ValidateSessionsRequest,
} from '@app/contracts';
import { SessionService } from './session.service';

@Controller()
export class SessionController {
  constructor(private readonly sessions: SessionService) {}

  @MessagePattern(AccountsSubjects.RefreshSession)
  refresh(@Payload() input: RefreshSessionRequest) {
    return this.sessions.refresh(input.refreshToken);
  }

  @MessagePattern(AccountsSubjects.ListSessions)
  list(@Payload() input: ListSessionsRequest) {
    return this.sessions.list(input.viewerId, input.currentSessionId);
  }

  @MessagePattern(AccountsSubjects.RevokeSession)
  revoke(@Payload() input: RevokeSessionRequest) {
    return this.sessions.revoke(input.viewerId, input.sessionId);
  }

  @MessagePattern(AccountsSubjects.ValidateSession)
  validate(@Payload() input: ValidateSessionRequest) {
    return this.sessions.validate(input.sessionId);
  }

  @MessagePattern(AccountsSubjects.ValidateSessions)
  validateMany(@Payload() input: ValidateSessionsRequest) {
    return this.sessions.validateMany(input.sessionIds);
  }
}
