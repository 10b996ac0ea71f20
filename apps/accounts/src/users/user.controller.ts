import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AccountsSubjects,
  BlockedByRequest,
  BlockRequest,
  CheckBlockRequest,
  GetUserRequest,
  GetUsersRequest,
  SearchUsersRequest,
  SetPasswordRequest,
  UpdatePrivacyRequest,
  UpdateProfileRequest,
} from '@app/contracts';
import { BlockService } from '../blocks/block.service';
import { PasswordService } from '../passwords/password.service';
import { UserService } from './user.service';

@Controller()
export class UserController {
  constructor(
    private readonly users: UserService,
    private readonly blocks: BlockService,
    private readonly passwords: PasswordService,
  ) {}

  @MessagePattern(AccountsSubjects.GetUser)
  get(@Payload() input: GetUserRequest) {
    return this.users.get(input.viewerId, input.id, input.username);
  }

  @MessagePattern(AccountsSubjects.GetUsers)
  getMany(@Payload() input: GetUsersRequest) {
    return this.users.getMany(input.viewerId, input.ids);
  }

  @MessagePattern(AccountsSubjects.SearchUsers)
  search(@Payload() input: SearchUsersRequest) {
    return this.users.search(input.viewerId, input.query, input.first);
  }

  @MessagePattern(AccountsSubjects.UpdateProfile)
  updateProfile(@Payload() input: UpdateProfileRequest) {
    return this.users.updateProfile(input);
  }

  @MessagePattern(AccountsSubjects.UpdatePrivacy)
  updatePrivacy(@Payload() input: UpdatePrivacyRequest) {
    return this.users.updatePrivacy(input);
  }

  @MessagePattern(AccountsSubjects.SetPassword)
  setPassword(@Payload() input: SetPasswordRequest) {
    return this.passwords.set(input.userId, input.currentPassword, input.newPassword);
  }

  @MessagePattern(AccountsSubjects.BlockUser)
  block(@Payload() input: BlockRequest) {
    return this.blocks.block(input.userId, input.targetId);
  }

  @MessagePattern(AccountsSubjects.UnblockUser)
  unblock(@Payload() input: BlockRequest) {
    return this.blocks.unblock(input.userId, input.targetId);
  }

  @MessagePattern(AccountsSubjects.CheckBlock)
  checkBlock(@Payload() input: CheckBlockRequest) {
    return this.blocks.check(input.userId, input.otherId);
  }

  @MessagePattern(AccountsSubjects.BlockedBy)
  blockedBy(@Payload() input: BlockedByRequest) {
    return this.blocks.blockedBy(input.userId, input.otherIds);
  }
}
