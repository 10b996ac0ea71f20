import { Args, ID, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { RpcClient } from '@app/common';
import { MessagingInviteSubjects as S } from '@app/contracts';
import { UserModel } from '../accounts/user.model';
import { CurrentViewer } from '../auth/viewer.decorator';
import { Viewer } from '../auth/viewer';
import { GqlContext } from '../graphql/context';
import { ConversationModel } from './conversation.model';
import { CreateInviteLinkInput, InviteLinksArgs, JoinRequestArgs, SetGroupHandleArgs } from './invite.inputs';
import {
  GroupPreviewModel,
  InviteLinkConnectionModel,
  InviteLinkModel,
  JoinRequestConnectionModel,
  JoinRequestModel,
  JoinResultModel,
} from './invite.model';

/** Invite links, join requests and public groups (messaging). */
@Resolver(() => InviteLinkModel)
export class InviteResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => InviteLinkConnectionModel, { description: "A group's invite links, newest first (owners and admins)." })
  inviteLinks(@CurrentViewer() viewer: Viewer, @Args() args: InviteLinksArgs) {
    return this.rpc.send(S.ListInviteLinks, {
      viewerId: viewer.userId,
      conversationId: args.conversationId,
      first: args.first ?? 20,
      after: args.after,
    });
  }

  @Query(() => GroupPreviewModel, {
    nullable: true,
    description: 'The group an invite link leads to; null when the link does not exist or no longer works.',
  })
  inviteLinkPreview(@CurrentViewer() viewer: Viewer, @Args('token') token: string) {
    return this.rpc.send(S.PreviewInvite, { viewerId: viewer.userId, token });
  }

  @Query(() => JoinRequestConnectionModel, { description: 'Requests to join waiting for a decision, oldest first (owners and admins).' })
  joinRequests(@CurrentViewer() viewer: Viewer, @Args() args: InviteLinksArgs) {
    return this.rpc.send(S.ListJoinRequests, {
      viewerId: viewer.userId,
      conversationId: args.conversationId,
      first: args.first ?? 20,
      after: args.after,
    });
  }

  @Query(() => GroupPreviewModel, { nullable: true, description: 'A public group by its handle; null when no group has it.' })
  publicGroup(@CurrentViewer() viewer: Viewer, @Args('handle') handle: string) {
    return this.rpc.send(S.PreviewPublicGroup, { viewerId: viewer.userId, handle });
  }

  @Mutation(() => InviteLinkModel, {
    description: 'Owners and admins. Idempotent by idempotencyKey (IDEMPOTENCY_CONFLICT with other options).',
  })
  createInviteLink(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateInviteLinkInput) {
    return this.rpc.send(S.CreateInviteLink, { viewerId: viewer.userId, ...input, requiresApproval: input.requiresApproval ?? false });
  }

  @Mutation(() => InviteLinkModel, {
    description: 'The link admits no one after this; its waiting requests are dropped. Revoking twice is one revoke.',
  })
  revokeInviteLink(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string) {
    return this.rpc.send(S.RevokeInviteLink, { viewerId: viewer.userId, linkId: id });
  }

  @Mutation(() => JoinResultModel, {
    description:
      'Joins the group (a SYSTEM message tells the members), or files a request when the link needs approval. A member already in gets the group and uses nothing. A link revoked, expired or used up: NOT_FOUND with extensions.reason REVOKED, EXPIRED or USED_UP. Someone an admin removed cannot come back by a link (FORBIDDEN).',
  })
  joinByInviteLink(@CurrentViewer() viewer: Viewer, @Args('token') token: string) {
    return this.rpc.send(S.JoinByInvite, { viewerId: viewer.userId, token });
  }

  @Mutation(() => Boolean, { description: 'Owners and admins: the user joins, with a SYSTEM message.' })
  approveJoinRequest(@CurrentViewer() viewer: Viewer, @Args() args: JoinRequestArgs) {
    return this.rpc.send(S.DecideJoinRequest, { viewerId: viewer.userId, ...args, approve: true });
  }

  @Mutation(() => Boolean, { description: 'Owners and admins: the request is dropped (the user may ask again).' })
  declineJoinRequest(@CurrentViewer() viewer: Viewer, @Args() args: JoinRequestArgs) {
    return this.rpc.send(S.DecideJoinRequest, { viewerId: viewer.userId, ...args, approve: false });
  }

  @Mutation(() => ConversationModel, {
    description: 'The owner makes the group public under a handle (anyone may find and join it), or private again with null.',
  })
  setGroupHandle(@CurrentViewer() viewer: Viewer, @Args() args: SetGroupHandleArgs) {
    return this.rpc.send(S.SetGroupHandle, { viewerId: viewer.userId, conversationId: args.conversationId, handle: args.handle ?? null });
  }

  @Mutation(() => ConversationModel, {
    description: 'Joins a public group by its handle (a SYSTEM message tells the members); a member already in gets the group.',
  })
  joinPublicGroup(@CurrentViewer() viewer: Viewer, @Args('handle') handle: string) {
    return this.rpc.send(S.JoinPublicGroup, { viewerId: viewer.userId, handle });
  }

  @ResolveField(() => UserModel)
  creator(link: InviteLinkModel, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.users.load(link.creatorId);
  }
}

@Resolver(() => JoinRequestModel)
export class JoinRequestResolver {
  @ResolveField(() => UserModel)
  user(r: JoinRequestModel, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.users.load(r.userId);
  }
}
