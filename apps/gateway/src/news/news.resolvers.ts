import { ChannelPostsResolver } from './channel-posts.resolver';
import { ChannelResolver } from './channel.resolver';
import { FeedSourceResolver } from './feed-source.resolver';
import { LinkPreviewResolver } from './link-preview.resolver';
import { MessagePostResolver } from './message-post.resolver';
import { PostResolver } from './post.resolver';

/** The news section of the API (registered in ../resolvers.ts). */
export const NEWS_RESOLVERS = [
  ChannelResolver,
  PostResolver,
  FeedSourceResolver,
  ChannelPostsResolver,
  MessagePostResolver,
  LinkPreviewResolver,
];
