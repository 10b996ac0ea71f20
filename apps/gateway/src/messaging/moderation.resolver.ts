import { Args, Int, Mutation, Resolver } from '@nestjs/graphql';
import { RpcClient } from '@app/common';
import { MessagingModerationSubjects as S } from '@app/contracts';
import { CurrentViewer } from '../auth/viewer.decorator';
import { Viewer } from '../auth/viewer';
import { ConversationModel } from './conversation.model';
import { MemberTargetArgs, ReportInput, ReportModel, RestrictArgs, SlowModeArgs } from './moderation.model';

/** Group admin tools and reports (messaging). */
@Resolver(() => ReportModel)
export class ModerationResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Mutation(() => ConversationModel, {
    description: 'Owners and admins: members (not owners or admins) send one message per interval (RATE_LIMITED with retryAfter).',
  })
  setSlowMode(@CurrentViewer() viewer: Viewer, @Args() args: SlowModeArgs) {
    return this.rpc.send(S.SetSlowMode, { viewerId: viewer.userId, ...args });
  }

  @Mutation(() => Boolean, { description: 'The member may not send until then (FORBIDDEN); who may restrict whom is as for removeMember.' })
  restrictMember(@CurrentViewer() viewer: Viewer, @Args() args: RestrictArgs) {
    return this.rpc.send(S.RestrictMember, { viewerId: viewer.userId, ...args, restricted: true });
  }

  @Mutation(() => Boolean)
  unrestrictMember(@CurrentViewer() viewer: Viewer, @Args() args: MemberTargetArgs) {
    return this.rpc.send(S.RestrictMember, { viewerId: viewer.userId, ...args, restricted: false });
  }

  @Mutation(() => Int, {
    description:
      'Deletes for everyone every message the member (current or former) sent in the group; answers how many. As for removeMember.',
  })
  deleteMemberMessages(@CurrentViewer() viewer: Viewer, @Args() args: MemberTargetArgs) {
    return this.rpc.send(S.DeleteMemberMessages, { viewerId: viewer.userId, ...args });
  }

  @Mutation(() => ReportModel, { description: 'Reports a message or a user to the operators. Idempotent by idempotencyKey.' })
  report(@CurrentViewer() viewer: Viewer, @Args('input') input: ReportInput) {
    return this.rpc.send(S.Report, { viewerId: viewer.userId, ...input });
  }
}
