import { IsoDate, PageInfo } from '../common/rpc';

export type ChannelRole = 'OWNER' | 'ADMIN';

/** A channel as one viewer sees it. */
export interface ChannelView {
  id: string;
  handle: string;
  title: string;
  description: string | null;
  signPosts: boolean;
  subscriberCount: number;
  subscribed: boolean;
  /** Null for readers. */
  myRole: ChannelRole | null;
  createdAt: IsoDate;
}

export interface ReactionCountView {
  emoji: string;
  count: number;
  reactedByMe: boolean;
}

/** A post as one viewer sees it (reactedByMe is theirs). */
export interface PostView {
  id: string;
  channelId: string;
  title: string | null;
  text: string;
  url: string | null;
  signature: string | null;
  publishedAt: IsoDate;
  editedAt: IsoDate | null;
  views: number;
  reactions: ReactionCountView[];
}

export interface Edge<T> {
  node: T;
  cursor: string;
}

export interface PostPage {
  edges: Edge<PostView>[];
  pageInfo: PageInfo;
  /** The channels of these posts as the viewer sees them: the gateway needs no second request for Post.channel. */
  channels?: ChannelView[];
}

export interface ChannelPage {
  edges: Edge<ChannelView>[];
  pageInfo: PageInfo;
}

export interface FeedSourceView {
  id: string;
  channelId: string;
  url: string;
  lastFetchedAt: IsoDate | null;
  /** Why the last fetch failed, in words a person understands; null after a good fetch. */
  lastError: string | null;
  /** The same as a code (DNS_NOT_FOUND, HTTP_STATUS_404…), for clients to word in their language. */
  lastErrorReason: string | null;
  postCount: number;
}

/**
 * On NewsLive.channelPost(channelId). It carries the whole post as any reader
 * sees it at that moment (no views, no reactions yet), so that a gateway fans
 * it out to thousands of readers without asking news once per reader.
 */
export interface PostPublishedEvent {
  post: PostView;
}

/** On NewsLive.userSubscriptions(userId). */
export interface SubscriptionChangedEvent {
  channelId: string;
  subscribed: boolean;
}

/** A page's own title and summary (Open Graph, else <title> and the description meta). */
export interface LinkPreviewView {
  url: string;
  title: string;
  description: string | null;
  siteName: string | null;
  imageUrl: string | null;
}

/** SettlePostIds: every id asked is in exactly one list. */
export interface SettledPostIds {
  /** Posts that exist (published, scheduled or deleted since). */
  posts: string[];
  /** Ids that were no post and now never will be one. */
  abandoned: string[];
}
