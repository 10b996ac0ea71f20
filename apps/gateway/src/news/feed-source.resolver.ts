import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { RpcClient } from '@app/common';
import { NewsSubjects } from '@app/contracts';
import { CurrentViewer } from '../auth/viewer.decorator';
import { Viewer } from '../auth/viewer';
import { FeedSourceModel } from './news.models';

/** A refresh fetches while the client waits: longer than an ordinary request, bounded by news's fetch timeout. */
const REFRESH_TIMEOUT_MS = 45_000;

@Resolver(() => FeedSourceModel)
export class FeedSourceResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Mutation(() => FeedSourceModel, { description: 'Polls an RSS or Atom feed into the channel; each new item becomes a post once.' })
  addFeedSource(
    @CurrentViewer() viewer: Viewer,
    @Args('channelId', { type: () => ID }) channelId: string,
    @Args('url', { type: () => String }) url: string,
  ) {
    return this.rpc.send(NewsSubjects.AddFeedSource, { viewerId: viewer.userId, channelId, url });
  }

  @Mutation(() => Boolean)
  removeFeedSource(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string) {
    return this.rpc.send(NewsSubjects.RemoveFeedSource, { viewerId: viewer.userId, sourceId: id });
  }

  @Mutation(() => FeedSourceModel, { description: 'Fetches now instead of waiting for the next poll.' })
  refreshFeedSource(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string) {
    return this.rpc.send(NewsSubjects.RefreshFeedSource, { viewerId: viewer.userId, sourceId: id }, { timeoutMs: REFRESH_TIMEOUT_MS });
  }
}
