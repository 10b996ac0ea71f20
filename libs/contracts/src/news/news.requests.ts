import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

// Lengths here are transport limits (what may cross NATS at all); the
// contract's rules on content (handle form, text length after trimming) are
// the service's, with BAD_USER_INPUT naming the field.

export class CreateChannelRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(256) handle: string;
  @IsString() @MaxLength(1024) title: string;
  @IsOptional() @IsString() @MaxLength(8192) description?: string | null;
  @IsOptional() @IsBoolean() signPosts?: boolean | null;
}

export class UpdateChannelRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(64) channelId: string;
  @IsOptional() @IsString() @MaxLength(1024) title?: string | null;
  /** null or '' removes the description. */
  @IsOptional() @IsString() @MaxLength(8192) description?: string | null;
  @IsOptional() @IsBoolean() signPosts?: boolean | null;
}

export class GetChannelRequest {
  @IsUUID() viewerId: string;
  @IsOptional() @IsString() @MaxLength(64) id?: string | null;
  @IsOptional() @IsString() @MaxLength(64) handle?: string | null;
}

export class GetChannelsRequest {
  @IsUUID() viewerId: string;
  @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) @MaxLength(64, { each: true }) ids: string[];
}

export class ListChannelsRequest {
  @IsUUID() viewerId: string;
  @IsOptional() @IsString() @MaxLength(256) query?: string | null;
  @IsInt() @Min(1) @Max(100) first: number;
  @IsOptional() @IsString() @MaxLength(256) after?: string | null;
}

export class AddChannelAdminRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(64) channelId: string;
  @IsString() @MaxLength(64) targetId: string;
}

export class SubscriptionRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(64) channelId: string;
}

export class SubscribedChannelIdsRequest {
  @IsUUID() viewerId: string;
}

export class PublishPostRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(64) channelId: string;
  @IsOptional() @IsString() @MaxLength(4096) title?: string | null;
  @IsString() @MaxLength(65536) text: string;
  @IsOptional() @IsString() @MaxLength(8192) url?: string | null;
  /** ISO-8601; in the future, the post stays invisible to readers until then. */
  @IsOptional() @IsString() @MaxLength(64) scheduledAt?: string | null;
  /**
   * The id the post gets, chosen by the caller beforehand (publishPost with
   * media: media records the album under it first). Publishing again with
   * the same id and author answers the post published first; an id that
   * news settled as never to be a post (SettlePostIds) is refused.
   */
  @IsOptional() @IsUUID() postId?: string | null;
}

export class EditPostRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(64) postId: string;
  /** undefined keeps the value; null or '' removes title or url. */
  @IsOptional() @IsString() @MaxLength(4096) title?: string | null;
  @IsOptional() @IsString() @MaxLength(65536) text?: string | null;
  @IsOptional() @IsString() @MaxLength(8192) url?: string | null;
}

export class DeletePostRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(64) postId: string;
}

export class SettlePostIdsRequest {
  @IsArray() @ArrayMaxSize(1000) @IsUUID('all', { each: true }) postIds: string[];
}

export class GetPostsRequest {
  @IsUUID() viewerId: string;
  @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) @MaxLength(64, { each: true }) ids: string[];
}

export class ChannelPostsRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(64) channelId: string;
  @IsInt() @Min(1) @Max(100) first: number;
  @IsOptional() @IsString() @MaxLength(256) after?: string | null;
}

export class FeedRequest {
  @IsUUID() viewerId: string;
  @IsInt() @Min(1) @Max(100) first: number;
  @IsOptional() @IsString() @MaxLength(256) after?: string | null;
}

export class SearchPostsRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(256) query: string;
  @IsOptional() @IsString() @MaxLength(64) channelId?: string | null;
  @IsInt() @Min(1) @Max(100) first: number;
  @IsOptional() @IsString() @MaxLength(256) after?: string | null;
}

export class ReactToPostRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(64) postId: string;
  /** null removes the user's reaction. */
  @IsOptional() @IsString() @MaxLength(64) emoji?: string | null;
}

export class ViewPostsRequest {
  @IsUUID() viewerId: string;
  @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(64, { each: true }) postIds: string[];
}

export class SharePostRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(64) postId: string;
  @IsString() @MaxLength(64) conversationId: string;
  @IsString() @MaxLength(64) clientId: string;
}

export class AddFeedSourceRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(64) channelId: string;
  @IsString() @MaxLength(8192) url: string;
}

export class FeedSourceRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(64) sourceId: string;
}

export class ListFeedSourcesRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(64) channelId: string;
}

/** What a web page says about itself, for a link in a message or post. */
export class LinkPreviewRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(2048) url: string;
}
