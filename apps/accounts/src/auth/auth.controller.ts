import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AccountsSubjects, RequestCodeRequest, SignInRequest } from '@app/contracts';
import { LoginCodeService } from './login-code.service';
import { SignInService } from './sign-in.service';

@Controller()
export class AuthController {
  constructor(
    private readonly codes: LoginCodeService,
    private readonly signIns: SignInService,
  ) {}

  @MessagePattern(AccountsSubjects.RequestCode)
  requestCode(@Payload() input: RequestCodeRequest) {
    return this.codes.request(input.phone, input.address);
  }

  @MessagePattern(AccountsSubjects.SignIn)
  signIn(@Payload() input: SignInRequest) {
    return this.signIns.signIn(input);
  }
}
