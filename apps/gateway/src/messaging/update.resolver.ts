import { Args, ID, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { DomainError, isUuid, RpcClient } from '@app/common';
import { MessagingIntegrationSubjects, MessagingSubjects as S } from '@app/contracts';
import { UserModel } from '../accounts/user.model';
import { CurrentViewer } from '../auth/viewer.decorator';
import { Viewer } from '../auth/viewer';
import { GqlContext } from '../graphql/context';
import { LiveHub } from '../live/live-hub';
import { liveUpdates, typingEvents } from './live-updates';
import { UpdatesArgs } from './messaging.inputs';
import { TypingEventModel, UpdateModel, UpdatesPageModel } from './update.model';

@Resolver(() => TypingEventModel)
export class UpdateResolver {
  constructor(
    private readonly rpc: RpcClient,
    private readonly hub: LiveHub,
  ) {}

  @Query(() => UpdatesPageModel, {
    description: "The viewer's update stream after a cursor; after: null gives the current cursor and no updates.",
  })
  updates(@CurrentViewer() viewer: Viewer, @Args() args: UpdatesArgs) {
    return this.rpc.send(S.ListUpdates, { viewerId: viewer.userId, after: args.after ?? null, limit: args.limit ?? 100 });
  }

  @Subscription(() => UpdateModel, {
    name: 'updates',
    description:
      "The viewer's update stream, live. With after, it first replays every update\nafter that cursor, then goes on live with no gap and no duplicate.",
    resolve: (update: UpdateModel) => update,
  })
  liveUpdates(@CurrentViewer() viewer: Viewer, @Args('after', { type: () => String, nullable: true }) after: string | null) {
    return liveUpdates(this.hub, this.rpc, viewer.userId, after ?? null);
  }

  @Subscription(() => TypingEventModel, { resolve: (event: TypingEventModel) => event })
  async typing(@CurrentViewer() viewer: Viewer, @Args('conversationId', { type: () => ID }) conversationId: string) {
    const { member } = isUuid(conversationId)
      ? await this.rpc.send(MessagingIntegrationSubjects.CheckMember, { conversationId, userId: viewer.userId })
      : { member: false };
    if (!member) throw DomainError.notFound('No such conversation');
    return typingEvents(this.hub, viewer.userId, conversationId);
  }

  /** Undecorated (parent, args, context): Nest's fast path, see MessageResolver.sender. */
  @ResolveField(() => UserModel)
  user(event: TypingEventModel, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.users.load(event.userId);
  }
}
