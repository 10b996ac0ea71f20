import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { DomainError, RpcClient } from '@app/common';
import { AccountsSubjects } from '@app/contracts';
import { CurrentViewer } from '../auth/viewer.decorator';
import { Viewer } from '../auth/viewer';
import { PrivacyInput, SearchUsersArgs, TwoStepPasswordArgs, UpdateProfileInput, UserArgs } from './accounts.inputs';
import { UserModel } from './user.model';

@Resolver(() => UserModel)
export class UserResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => UserModel)
  async me(@CurrentViewer() viewer: Viewer) {
    const user = await this.rpc.send(AccountsSubjects.GetUser, { viewerId: viewer.userId, id: viewer.userId });
    if (!user) throw DomainError.unauthenticated('This account no longer exists');
    return user;
  }

  @Query(() => UserModel, { nullable: true })
  user(@CurrentViewer() viewer: Viewer, @Args() args: UserArgs) {
    if (!args.id && !args.username) throw DomainError.badInput('id', 'Give an id or a username');
    return this.rpc.send(AccountsSubjects.GetUser, { viewerId: viewer.userId, id: args.id, username: args.username });
  }

  @Query(() => [UserModel], { description: 'Matches display names and usernames, Persian-normalized.' })
  searchUsers(@CurrentViewer() viewer: Viewer, @Args() args: SearchUsersArgs) {
    return this.rpc.send(AccountsSubjects.SearchUsers, { viewerId: viewer.userId, query: args.query, first: args.first ?? 20 });
  }

  @Mutation(() => UserModel)
  updateProfile(@CurrentViewer() viewer: Viewer, @Args('input') input: UpdateProfileInput) {
    return this.rpc.send(AccountsSubjects.UpdateProfile, { viewerId: viewer.userId, ...input });
  }

  @Mutation(() => UserModel)
  updatePrivacy(@CurrentViewer() viewer: Viewer, @Args('input') input: PrivacyInput) {
    return this.rpc.send(AccountsSubjects.UpdatePrivacy, { viewerId: viewer.userId, ...input });
  }

  @Mutation(() => Boolean, { description: 'Sets, changes or (with newPassword null) removes the two-step password.' })
  setTwoStepPassword(@CurrentViewer() viewer: Viewer, @Args() args: TwoStepPasswordArgs) {
    return this.rpc.send(AccountsSubjects.SetPassword, { viewerId: viewer.userId, ...args });
  }

  @Mutation(() => Boolean, {
    description:
      'Confirms a step (a payment above the limit the user chose) with the two-step password: true when right, false when the account has none; INVALID_PASSWORD when wrong (counted toward the lock as at sign-in).',
  })
  checkTwoStepPassword(@CurrentViewer() viewer: Viewer, @Args('password') password: string) {
    return this.rpc.send(AccountsSubjects.CheckPassword, { viewerId: viewer.userId, password });
  }

  @Mutation(() => UserModel, { description: 'A blocked user cannot start a conversation with, message or transfer money to the blocker.' })
  blockUser(@CurrentViewer() viewer: Viewer, @Args('userId', { type: () => ID }) userId: string) {
    return this.rpc.send(AccountsSubjects.BlockUser, { viewerId: viewer.userId, targetId: userId });
  }

  @Mutation(() => UserModel)
  unblockUser(@CurrentViewer() viewer: Viewer, @Args('userId', { type: () => ID }) userId: string) {
    return this.rpc.send(AccountsSubjects.UnblockUser, { viewerId: viewer.userId, targetId: userId });
  }
}
