import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DomainError, RpcClient } from '@app/common';
import { ChannelView, NewsSubjects } from '@app/contracts';
import { channelLoader } from './news.loaders';
import { CurrentViewer } from '../auth/viewer.decorator';
import { Viewer } from '../auth/viewer';
import { GqlContext } from '../graphql/context';
import { ChannelArgs, ChannelsArgs, CreateChannelInput, PageArgs, UpdateChannelInput } from './news.inputs';
import { ChannelConnectionModel, ChannelModel, FeedSourceModel, PostConnectionModel } from './news.models';

@Resolver(() => ChannelModel)
export class ChannelResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => ChannelModel, { nullable: true })
  channel(@CurrentViewer() viewer: Viewer, @Args() args: ChannelArgs) {
    if (!args.id && !args.handle) throw DomainError.badInput('id', 'Give an id or a handle');
    return this.rpc.send(NewsSubjects.GetChannel, { viewerId: viewer.userId, id: args.id, handle: args.handle });
  }

  @Query(() => ChannelConnectionModel, {
    description: 'The channel directory: matches handles and titles, Persian-normalized; most subscribed first.',
  })
  channels(@CurrentViewer() viewer: Viewer, @Args() args: ChannelsArgs) {
    return this.rpc.send(NewsSubjects.ListChannels, {
      viewerId: viewer.userId,
      query: args.query,
      first: args.first ?? 20,
      after: args.after,
    });
  }

  @Mutation(() => ChannelModel)
  createChannel(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateChannelInput) {
    return this.rpc.send(NewsSubjects.CreateChannel, { viewerId: viewer.userId, ...input });
  }

  @Mutation(() => ChannelModel)
  updateChannel(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string, @Args('input') input: UpdateChannelInput) {
    return this.rpc.send(NewsSubjects.UpdateChannel, { viewerId: viewer.userId, channelId: id, ...input });
  }

  @Mutation(() => ChannelModel)
  addChannelAdmin(
    @CurrentViewer() viewer: Viewer,
    @Args('channelId', { type: () => ID }) channelId: string,
    @Args('userId', { type: () => ID }) userId: string,
  ) {
    return this.rpc.send(NewsSubjects.AddChannelAdmin, { viewerId: viewer.userId, channelId, targetId: userId });
  }

  @Mutation(() => ChannelModel)
  subscribeChannel(@CurrentViewer() viewer: Viewer, @Args('channelId', { type: () => ID }) channelId: string) {
    return this.rpc.send(NewsSubjects.Subscribe, { viewerId: viewer.userId, channelId });
  }

  @Mutation(() => ChannelModel)
  unsubscribeChannel(@CurrentViewer() viewer: Viewer, @Args('channelId', { type: () => ID }) channelId: string) {
    return this.rpc.send(NewsSubjects.Unsubscribe, { viewerId: viewer.userId, channelId });
  }

  @ResolveField('posts', () => PostConnectionModel, { description: 'Newest first.' })
  posts(@Parent() channel: ChannelModel, @Args() args: PageArgs, @Context() ctx: GqlContext) {
    channelLoader(ctx).prime(channel.id, channel as ChannelView);
    return this.rpc.send(NewsSubjects.ChannelPosts, {
      viewerId: ctx.viewer!.userId,
      channelId: channel.id,
      first: args.first ?? 20,
      after: args.after,
    });
  }

  /** Undecorated parameters: Nest's fast path (see PostResolver.channel). */
  @ResolveField('feedSources', () => [FeedSourceModel], { description: "Only the channel's admins see them; empty for everyone else." })
  feedSources(channel: ChannelModel, _args: unknown, ctx: GqlContext) {
    if (!channel.myRole) return [];
    return this.rpc.send(NewsSubjects.ListFeedSources, { viewerId: ctx.viewer!.userId, channelId: channel.id });
  }
}
