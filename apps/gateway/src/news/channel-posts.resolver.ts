import { Resolver, Subscription } from '@nestjs/graphql';
import { RpcClient } from '@app/common';
import { CurrentViewer } from '../auth/viewer.decorator';
import { Viewer } from '../auth/viewer';
import { LiveHub } from '../live/live-hub';
import { channelPostsStream } from './channel-posts.stream';
import { PostModel } from './news.models';

@Resolver()
export class ChannelPostsResolver {
  constructor(
    private readonly hub: LiveHub,
    private readonly rpc: RpcClient,
  ) {}

  @Subscription(() => PostModel, { description: 'New posts in the channels the viewer subscribes to.', resolve: (post: PostModel) => post })
  channelPosts(@CurrentViewer() viewer: Viewer) {
    return channelPostsStream(this.hub, this.rpc, viewer.userId);
  }
}
