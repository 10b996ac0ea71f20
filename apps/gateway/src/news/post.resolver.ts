import { Args, Context, ID, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DomainError, RpcClient } from '@app/common';
import { NewsSubjects } from '@app/contracts';
import { CurrentViewer } from '../auth/viewer.decorator';
import { Viewer } from '../auth/viewer';
import { GqlContext } from '../graphql/context';
import { EditPostInput, PageArgs, PublishPostInput, ReactToPostArgs, SearchPostsArgs, ViewPostsArgs } from './news.inputs';
import { publishWithMedia } from '../media/post-media';
import { channelLoader, primeChannels } from './news.loaders';
import { ChannelModel, PostConnectionModel, PostModel } from './news.models';

@Resolver(() => PostModel)
export class PostResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => PostConnectionModel, { description: 'Posts of the channels the viewer subscribes to, newest first.' })
  async feed(@CurrentViewer() viewer: Viewer, @Args() args: PageArgs, @Context() ctx: GqlContext) {
    return primeChannels(
      ctx,
      await this.rpc.send(NewsSubjects.Feed, { viewerId: viewer.userId, first: args.first ?? 20, after: args.after }),
    );
  }

  @Query(() => PostConnectionModel, { description: 'Persian-normalized full-text search over posts; newest first.' })
  async searchPosts(@CurrentViewer() viewer: Viewer, @Args() args: SearchPostsArgs, @Context() ctx: GqlContext) {
    const page = await this.rpc.send(NewsSubjects.SearchPosts, {
      viewerId: viewer.userId,
      query: args.query,
      channelId: args.channelId,
      first: args.first ?? 20,
      after: args.after,
    });
    return primeChannels(ctx, page);
  }

  @Mutation(() => PostModel)
  publishPost(@CurrentViewer() viewer: Viewer, @Args('input') input: PublishPostInput) {
    return publishWithMedia(this.rpc, viewer.userId, input);
  }

  @Mutation(() => PostModel)
  editPost(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string, @Args('input') input: EditPostInput) {
    return this.rpc.send(NewsSubjects.EditPost, { viewerId: viewer.userId, postId: id, ...input });
  }

  @Mutation(() => Boolean)
  deletePost(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string) {
    return this.rpc.send(NewsSubjects.DeletePost, { viewerId: viewer.userId, postId: id });
  }

  @Mutation(() => PostModel, { description: "emoji null removes the viewer's reaction." })
  reactToPost(@CurrentViewer() viewer: Viewer, @Args() args: ReactToPostArgs) {
    return this.rpc.send(NewsSubjects.ReactToPost, { viewerId: viewer.userId, postId: args.postId, emoji: args.emoji });
  }

  @Mutation(() => [PostModel], { description: 'Counts one view per user per post, however often it is called.' })
  viewPosts(@CurrentViewer() viewer: Viewer, @Args() args: ViewPostsArgs) {
    return this.rpc.send(NewsSubjects.ViewPosts, { viewerId: viewer.userId, postIds: args.postIds });
  }

  /**
   * No parameter decorators on purpose: Nest then calls this directly (its
   * fast field-resolver path) instead of running the global pipes over every
   * post of a page, which cost a class-transformer copy and a validation each.
   */
  @ResolveField('channel', () => ChannelModel)
  async channel(post: PostModel, _args: unknown, ctx: GqlContext) {
    const channel = await channelLoader(ctx).load(post.channelId);
    if (!channel) throw DomainError.notFound('The channel of this post is gone');
    return channel;
  }
}
