import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AccountsSubjects,
  GetUserRequest,
  GetUsersByUsernameRequest,
  GetUsersRequest,
  SearchUsersRequest,
  UpdatePrivacyRequest,
  UpdateProfileRequest,
} from '@app/contracts';
import { UserService } from './user.service';

@Controller()
export class UserController {
  constructor(private readonly users: UserService) {}

  @MessagePattern(AccountsSubjects.GetUser)
  get(@Payload() input: GetUserRequest) {
    return this.users.get(input.viewerId, input.id, input.username);
  }

  @MessagePattern(AccountsSubjects.GetUsers)
  getMany(@Payload() input: GetUsersRequest) {
    return this.users.getMany(input.viewerId, input.ids);
  }

  @MessagePattern(AccountsSubjects.GetUsersByUsername)
  byUsernames(@Payload() input: GetUsersByUsernameRequest) {
    return this.users.byUsernames(input.viewerId, input.usernames);
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
}
