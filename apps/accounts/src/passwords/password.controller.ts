import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AccountsSubjects, CheckPasswordRequest, SetPasswordRequest } from '@app/contracts';
import { PasswordService } from './password.service';

@Controller()
export class PasswordController {
  constructor(private readonly passwords: PasswordService) {}

  @MessagePattern(AccountsSubjects.SetPassword)
  setPassword(@Payload() input: SetPasswordRequest) {
    return this.passwords.set(input.viewerId, input.currentPassword, input.newPassword);
  }

  @MessagePattern(AccountsSubjects.CheckPassword)
  checkPassword(@Payload() input: CheckPasswordRequest) {
    return this.passwords.check(input.viewerId, input.password);
  }
}
