import { HealthCheckResponse, Rpc } from '../common/rpc';
import { NewsSubjects as S } from './news.subjects';
import * as Q from './news.requests';
import { MessageView } from '../messaging/messaging.responses';
import { ChannelPage, ChannelView, FeedSourceView, PostPage, PostView, LinkPreviewView, SettledPostIds } from './news.responses';

/** Each news subject with its request and response (sharePost answers messaging's MessageView as messaging gave it). */
export type NewsRpc = {
  [S.CreateChannel]: Rpc<Q.CreateChannelRequest, ChannelView>;
  [S.UpdateChannel]: Rpc<Q.UpdateChannelRequest, ChannelView>;
  [S.GetChannel]: Rpc<Q.GetChannelRequest, ChannelView | null>;
  [S.GetChannels]: Rpc<Q.GetChannelsRequest, ChannelView[]>;
  [S.ListChannels]: Rpc<Q.ListChannelsRequest, ChannelPage>;
  [S.AddChannelAdmin]: Rpc<Q.AddChannelAdminRequest, ChannelView>;
  [S.Subscribe]: Rpc<Q.SubscriptionRequest, ChannelView>;
  [S.Unsubscribe]: Rpc<Q.SubscriptionRequest, ChannelView>;
  [S.SubscribedChannelIds]: Rpc<Q.SubscribedChannelIdsRequest, string[]>;
  [S.PublishPost]: Rpc<Q.PublishPostRequest, PostView>;
  [S.EditPost]: Rpc<Q.EditPostRequest, PostView>;
  [S.DeletePost]: Rpc<Q.DeletePostRequest, boolean>;
  [S.GetPosts]: Rpc<Q.GetPostsRequest, PostView[]>;
  [S.SettlePostIds]: Rpc<Q.SettlePostIdsRequest, SettledPostIds>;
  [S.ChannelPosts]: Rpc<Q.ChannelPostsRequest, PostPage>;
  [S.Feed]: Rpc<Q.FeedRequest, PostPage>;
  [S.SearchPosts]: Rpc<Q.SearchPostsRequest, PostPage>;
  [S.ReactToPost]: Rpc<Q.ReactToPostRequest, PostView>;
  [S.ViewPosts]: Rpc<Q.ViewPostsRequest, PostView[]>;
  [S.SharePost]: Rpc<Q.SharePostRequest, MessageView>;
  [S.AddFeedSource]: Rpc<Q.AddFeedSourceRequest, FeedSourceView>;
  [S.RemoveFeedSource]: Rpc<Q.FeedSourceRequest, boolean>;
  [S.RefreshFeedSource]: Rpc<Q.FeedSourceRequest, FeedSourceView>;
  [S.ListFeedSources]: Rpc<Q.ListFeedSourcesRequest, FeedSourceView[]>;
  [S.LinkPreview]: Rpc<Q.LinkPreviewRequest, LinkPreviewView | null>;
  [S.Health]: Rpc<Record<string, never>, HealthCheckResponse>;
};
