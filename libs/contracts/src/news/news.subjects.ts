/** Request subjects served by the news service (queue group "news"). */
export const NewsSubjects = {
  CreateChannel: 'news.channel.create.v1',
  UpdateChannel: 'news.channel.update.v1',
  GetChannel: 'news.channel.get.v1',
  GetChannels: 'news.channel.get-many.v1',
  ListChannels: 'news.channel.list.v1',
  AddChannelAdmin: 'news.channel-admin.add.v1',
  Subscribe: 'news.subscription.create.v1',
  Unsubscribe: 'news.subscription.delete.v1',
  SubscribedChannelIds: 'news.subscription.channel-ids.v1',
  PublishPost: 'news.post.publish.v1',
  EditPost: 'news.post.edit.v1',
  DeletePost: 'news.post.delete.v1',
  /** Published, not deleted posts by id, in the order asked (Message.post, batching loaders). */
  GetPosts: 'news.post.get-many.v1',
  /**
   * Media's question about posts it attached media to before they were
   * published: each id either is a post (published, scheduled or deleted) or
   * is from now on never to become one.
   */
  SettlePostIds: 'news.post.settle-ids.v1',
  ChannelPosts: 'news.post.list.v1',
  Feed: 'news.feed.get.v1',
  SearchPosts: 'news.post.search.v1',
  ReactToPost: 'news.post.react.v1',
  ViewPosts: 'news.post.view.v1',
  SharePost: 'news.post.share.v1',
  AddFeedSource: 'news.feed-source.add.v1',
  RemoveFeedSource: 'news.feed-source.remove.v1',
  RefreshFeedSource: 'news.feed-source.refresh.v1',
  ListFeedSources: 'news.feed-source.list.v1',
  LinkPreview: 'news.link.preview.v1',
  Health: 'news.health.check.v1',
} as const;

/**
 * Core NATS subjects news publishes for live delivery. One subject per
 * audience, so that NATS itself filters: a gateway subscribes only to the
 * channels its connected readers follow (shared by all of them in LiveHub),
 * and receives nothing else.
 */
export const NewsLive = {
  /** A post became visible in a channel (published now, or its schedule came): PostPublishedEvent. */
  channelPost: (channelId: string) => `news.live.channel.${channelId}.post`,
  /** The user subscribed to or left a channel: SubscriptionChangedEvent, so open streams follow. */
  userSubscriptions: (userId: string) => `news.live.user.${userId}.subscriptions`,
} as const;
