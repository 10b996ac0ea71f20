import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ChannelRole } from '@app/contracts';
import { PageInfoModel } from '../graphql/models/page-info.model';
import { ReactionCountModel } from '../graphql/models/reaction-count.model';
import { DateTimeScalar } from '../graphql/scalars';

export enum ChannelRoleEnum {
  OWNER = 'OWNER',
  ADMIN = 'ADMIN',
}
registerEnumType(ChannelRoleEnum, { name: 'ChannelRole' });

@ObjectType('FeedSource')
export class FeedSourceModel {
  @Field(() => ID) id: string;
  @Field(() => String, { description: 'An RSS or Atom feed.' }) url: string;
  @Field(() => DateTimeScalar, { nullable: true }) lastFetchedAt: string | null;
  @Field(() => String, { nullable: true, description: 'Why the last fetch failed, if it did.' }) lastError: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The last failure as a code: DNS_NOT_FOUND, ADDRESS_REFUSED, HTTP_STATUS_404, NOT_A_FEED… (README, News feeds).',
  })
  lastErrorReason: string | null;
  @Field(() => Int, { description: 'Posts created from this feed so far.' }) postCount: number;
}

@ObjectType('Channel')
export class ChannelModel {
  @Field(() => ID) id: string;
  @Field(() => String, { description: '5..32 of a-z, 0-9 and _, starting with a letter; unique, case-insensitive.' }) handle: string;
  @Field(() => String) title: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => Int) subscriberCount: number;
  @Field(() => Boolean) subscribed: boolean;
  @Field(() => ChannelRoleEnum, { nullable: true, description: "The viewer's role; null for readers." }) myRole: ChannelRole | null;
  @Field(() => DateTimeScalar) createdAt: string;
  /** Not in the schema: the service's flag, read by updateChannel's callers. */
  signPosts?: boolean;
}

@ObjectType('Post')
export class PostModel {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true }) title: string | null;
  @Field(() => String, { description: 'Plain text; HTML from feeds is reduced to text with paragraphs kept as blank lines.' }) text: string;
  @Field(() => String, { nullable: true, description: 'The original article, for posts that came from a feed or link to one.' }) url:
    string | null;
  @Field(() => String, { nullable: true, description: "The author's display name when the channel signs posts." }) signature: string | null;
  @Field(() => DateTimeScalar) publishedAt: string;
  @Field(() => DateTimeScalar, { nullable: true }) editedAt: string | null;
  @Field(() => Int, { description: 'Distinct users who viewed the post.' }) views: number;
  @Field(() => [ReactionCountModel]) reactions: ReactionCountModel[];
  /** Resolved by PostResolver.channel. */
  channelId: string;
}

@ObjectType('PostEdge')
export class PostEdgeModel {
  @Field(() => PostModel) node: PostModel;
  @Field(() => String) cursor: string;
}

@ObjectType('PostConnection')
export class PostConnectionModel {
  @Field(() => [PostEdgeModel]) edges: PostEdgeModel[];
  @Field(() => PageInfoModel) pageInfo: PageInfoModel;
}

@ObjectType('ChannelEdge')
export class ChannelEdgeModel {
  @Field(() => ChannelModel) node: ChannelModel;
  @Field(() => String) cursor: string;
}

@ObjectType('ChannelConnection')
export class ChannelConnectionModel {
  @Field(() => [ChannelEdgeModel]) edges: ChannelEdgeModel[];
  @Field(() => PageInfoModel) pageInfo: PageInfoModel;
}
