import { Args, ID, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { RpcClient } from '@app/common';
import { MessagingSubjects as S } from '@app/contracts';
import { UserModel } from '../accounts/user.model';
import { CurrentViewer } from '../auth/viewer.decorator';
import { Viewer } from '../auth/viewer';
import { GqlContext } from '../graphql/context';
import { MessageConnectionModel, MessageModel } from './message.model';
import { messageLoader } from './messaging.loaders';
import {
  DeleteMessageArgs,
  EditMessageArgs,
  ForwardMessageArgs,
  MessagesArgs,
  ReactArgs,
  SearchMessagesArgs,
  SendMessageInput,
} from './messaging.inputs';

@Resolver(() => MessageModel)
export class MessageResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => MessageConnectionModel, {
    description: 'By default the newest page; last/before page back into history, first/after forward.',
  })
  messages(@CurrentViewer() viewer: Viewer, @Args() args: MessagesArgs) {
    return this.rpc.send(S.ListMessages, { viewerId: viewer.userId, ...args });
  }

  @Query(() => MessageConnectionModel, {
    description: 'Persian-normalized full-text search over the conversations the viewer is in; newest first.',
  })
  searchMessages(@CurrentViewer() viewer: Viewer, @Args() args: SearchMessagesArgs) {
    return this.rpc.send(S.SearchMessages, { viewerId: viewer.userId, ...args, first: args.first ?? 20 });
  }

  @Mutation(() => MessageModel)
  sendMessage(@CurrentViewer() viewer: Viewer, @Args('input') input: SendMessageInput) {
    return this.rpc.send(S.SendMessage, { viewerId: viewer.userId, ...input });
  }

  @Mutation(() => MessageModel)
  editMessage(@CurrentViewer() viewer: Viewer, @Args() args: EditMessageArgs) {
    return this.rpc.send(S.EditMessage, { viewerId: viewer.userId, ...args });
  }

  @Mutation(() => Boolean, { description: 'forEveryone is allowed to the sender, and to group owners and admins.' })
  deleteMessage(@CurrentViewer() viewer: Viewer, @Args() args: DeleteMessageArgs) {
    return this.rpc.send(S.DeleteMessage, { viewerId: viewer.userId, messageId: args.messageId, forEveryone: args.forEveryone ?? true });
  }

  @Mutation(() => MessageModel)
  forwardMessage(@CurrentViewer() viewer: Viewer, @Args() args: ForwardMessageArgs) {
    return this.rpc.send(S.ForwardMessage, { viewerId: viewer.userId, ...args });
  }

  @Mutation(() => MessageModel, { description: "emoji null removes the viewer's reaction." })
  reactToMessage(@CurrentViewer() viewer: Viewer, @Args() args: ReactArgs) {
    return this.rpc.send(S.ReactToMessage, { viewerId: viewer.userId, ...args });
  }

  @Mutation(() => Boolean)
  setTyping(@CurrentViewer() viewer: Viewer, @Args('conversationId', { type: () => ID }) conversationId: string) {
    return this.rpc.send(S.SetTyping, { viewerId: viewer.userId, conversationId });
  }

  // Field resolvers take (parent, args, context) undecorated: Nest then calls them directly
  // (its fast path) instead of running the global pipes for every message of every page and push.
  @ResolveField(() => UserModel, { nullable: true, description: 'Null for SYSTEM messages.' })
  sender(m: MessageModel, _args: unknown, ctx: GqlContext) {
    return m.senderId ? ctx.loaders.users.load(m.senderId) : null;
  }

  @ResolveField(() => MessageModel, { nullable: true })
  replyTo(m: MessageModel, _args: unknown, ctx: GqlContext) {
    if (m.replyTo !== undefined) return m.replyTo;
    return m.replyToId ? messageLoader(ctx).load(m.replyToId) : null;
  }

  @ResolveField(() => UserModel, { nullable: true, description: 'Set on a forwarded message: who wrote the original.' })
  forwardedFrom(m: MessageModel, _args: unknown, ctx: GqlContext) {
    return m.forwardedFromId ? ctx.loaders.users.load(m.forwardedFromId) : null;
  }
}
