import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AccountsSubjects,
  ListSessionsRequest,
  RefreshSessionRequest,
  RequestCodeRequest,
  RevokeSessionRequest,
  SignInRequest,
  ValidateSessionRequest,
} from '@app/contracts';
import { LoginCodeService } from './login-code.service';
import { SessionService } from './session.service';
import { SignInService } from './sign-in.service';

@Controller()
export class AuthController {
  constructor(
    private readonly codes: LoginCodeService,
    private readonly signIns: SignInService,
    private readonly sessions: SessionService,
  ) {}

  @MessagePattern(AccountsSubjects.RequestCode)
  requestCode(@Payload() input: RequestCodeRequest) {
    return this.codes.request(input.phone, input.address);
  }

  @MessagePattern(AccountsSubjects.SignIn)
  signIn(@Payload() input: SignInRequest) {
    return this.signIns.signIn(input);
  }

  @MessagePattern(AccountsSubjects.RefreshSession)
  refresh(@Payload() input: RefreshSessionRequest) {
    return this.sessions.refresh(input.refreshToken);
  }

  @MessagePattern(AccountsSubjects.ListSessions)
  list(@Payload() input: ListSessionsRequest) {
    return this.sessions.list(input.userId, input.currentSessionId);
  }

  @MessagePattern(AccountsSubjects.RevokeSession)
  revoke(@Payload() input: RevokeSessionRequest) {
    return this.sessions.revoke(input.userId, input.sessionId);
  }

  @MessagePattern(AccountsSubjects.ValidateSession)
  validate(@Payload() input: ValidateSessionRequest) {
    return this.sessions.validate(input.sessionId);
  }
}
