import { Args, ArgsType, Field, ID, Mutation, ResolveField, Resolver } from '@nestjs/graphql';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { RpcClient } from '@app/common';
import { NewsSubjects } from '@app/contracts';
import { CurrentViewer } from '../auth/viewer.decorator';
import { Viewer } from '../auth/viewer';
import { GqlContext } from '../graphql/context';
import { MessageModel } from '../messaging/message.model';
import { postLoader } from './news.loaders';
import { PostModel } from './news.models';

@ArgsType()
export class SharePostArgs {
  @Field(() => ID) @IsString() @MaxLength(64) postId: string;
  @Field(() => ID) @IsString() @MaxLength(64) conversationId: string;
  @Field(() => String) @IsString() @MinLength(1) @MaxLength(64) clientId: string;
}

/** News's part of messaging's Message: the shared post, and the mutation that shares one. */
@Resolver(() => MessageModel)
export class MessagePostResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Mutation(() => MessageModel)
  sharePost(@CurrentViewer() viewer: Viewer, @Args() args: SharePostArgs) {
    return this.rpc.send(NewsSubjects.SharePost, { viewerId: viewer.userId, ...args });
  }

  /** Null when the post was deleted (or is not visible to readers). Undecorated parameters: Nest's fast path, as PostResolver.channel. */
  @ResolveField('post', () => PostModel, { nullable: true, description: 'Set when kind is POST_SHARE.' })
  post(message: MessageModel, _args: unknown, ctx: GqlContext) {
    if (message.kind !== 'POST_SHARE' || !message.refId) return null;
    return postLoader(ctx).load(message.refId);
  }
}
