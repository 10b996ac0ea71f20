import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { RpcClient } from '@app/common';
import { MessagingSubjects as S } from '@app/contracts';
import { UserModel } from '../accounts/user.model';
import { CurrentViewer } from '../auth/viewer.decorator';
import { Viewer } from '../auth/viewer';
import { GqlContext } from '../graphql/context';
import { ConversationConnectionModel, ConversationModel, MemberConnectionModel, MemberModel } from './conversation.model';
import {
  AddMembersArgs,
  ConversationsArgs,
  CreateGroupArgs,
  MarkReadArgs,
  MemberArgs,
  MembersArgs,
  PinMessageArgs,
  RenameGroupArgs,
  SetMemberRoleArgs,
  SetMutedArgs,
} from './messaging.inputs';

@Resolver(() => ConversationModel)
export class ConversationResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => ConversationConnectionModel, { description: 'Most recently active first.' })
  conversations(@CurrentViewer() viewer: Viewer, @Args() args: ConversationsArgs) {
    return this.rpc.send(S.ListConversations, { viewerId: viewer.userId, first: args.first ?? 20, after: args.after });
  }

  @Query(() => ConversationModel, { nullable: true })
  conversation(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string) {
    return this.rpc.send(S.GetConversation, { viewerId: viewer.userId, conversationId: id });
  }

  @Mutation(() => ConversationModel, { description: 'Returns the existing direct conversation with that user if there is one.' })
  startDirectConversation(@CurrentViewer() viewer: Viewer, @Args('userId', { type: () => ID }) userId: string) {
    return this.rpc.send(S.StartDirect, { viewerId: viewer.userId, userId });
  }

  @Mutation(() => ConversationModel)
  createGroup(@CurrentViewer() viewer: Viewer, @Args() args: CreateGroupArgs) {
    return this.rpc.send(S.CreateGroup, { viewerId: viewer.userId, title: args.title, memberIds: args.memberIds });
  }

  @Mutation(() => ConversationModel)
  renameGroup(@CurrentViewer() viewer: Viewer, @Args() args: RenameGroupArgs) {
    return this.rpc.send(S.RenameGroup, { viewerId: viewer.userId, ...args });
  }

  @Mutation(() => ConversationModel)
  addMembers(@CurrentViewer() viewer: Viewer, @Args() args: AddMembersArgs) {
    return this.rpc.send(S.AddMembers, { viewerId: viewer.userId, ...args });
  }

  @Mutation(() => ConversationModel)
  removeMember(@CurrentViewer() viewer: Viewer, @Args() args: MemberArgs) {
    return this.rpc.send(S.RemoveMember, { viewerId: viewer.userId, ...args });
  }

  @Mutation(() => ConversationModel)
  setMemberRole(@CurrentViewer() viewer: Viewer, @Args() args: SetMemberRoleArgs) {
    return this.rpc.send(S.SetMemberRole, { viewerId: viewer.userId, ...args });
  }

  @Mutation(() => Boolean)
  leaveConversation(@CurrentViewer() viewer: Viewer, @Args('conversationId', { type: () => ID }) conversationId: string) {
    return this.rpc.send(S.Leave, { viewerId: viewer.userId, conversationId });
  }

  @Mutation(() => ConversationModel)
  setMuted(@CurrentViewer() viewer: Viewer, @Args() args: SetMutedArgs) {
    return this.rpc.send(S.SetMuted, { viewerId: viewer.userId, ...args });
  }

  @Mutation(() => ConversationModel)
  pinMessage(@CurrentViewer() viewer: Viewer, @Args() args: PinMessageArgs) {
    return this.rpc.send(S.Pin, { viewerId: viewer.userId, ...args });
  }

  @Mutation(() => ConversationModel, { description: "Moves the viewer's read marker forward (never back)." })
  markRead(@CurrentViewer() viewer: Viewer, @Args() args: MarkReadArgs) {
    return this.rpc.send(S.MarkRead, { viewerId: viewer.userId, ...args });
  }

  /** Undecorated (parent, args, context): Nest's fast path, see MessageResolver.sender. */
  @ResolveField(() => String, { description: "The group's title; for DIRECT, the other participant's display name." })
  async title(c: ConversationModel, _args: unknown, ctx: GqlContext): Promise<string> {
    if (c.title !== null || !c.peerId) return c.title ?? '';
    return (await ctx.loaders.users.load(c.peerId))?.displayName ?? '';
  }

  @ResolveField(() => MemberConnectionModel)
  members(@Parent() c: ConversationModel, @CurrentViewer() viewer: Viewer, @Args() args: MembersArgs) {
    return this.rpc.send(S.ListMembers, { viewerId: viewer.userId, conversationId: c.id, first: args.first ?? 50, after: args.after });
  }
}

@Resolver(() => MemberModel)
export class MemberResolver {
  @ResolveField(() => UserModel)
  user(m: MemberModel, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.users.load(m.userId);
  }
}
