import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../graphql/scalars';
import { PageInfoModel } from '../graphql/models/page-info.model';
import { ConversationModel } from './conversation.model';

/** `creator` is a field resolver (invite.resolver.ts). */
@ObjectType('InviteLink', { description: "A link that lets whoever holds it join a group; made by the group's owners and admins." })
export class InviteLinkModel {
  @Field(() => ID) id: string;
  @Field(() => ID) conversationId: string;
  @Field(() => String, { description: 'The secret part of the link: the web app opens /join/<token>.' }) token: string;
  @Field(() => String, { nullable: true, description: 'A label for admins, e.g. where the link was shared.' }) name: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) expiresAt: string | null;
  @Field(() => Int, { nullable: true, description: 'Joins allowed through the link; null for no limit.' }) usageLimit: number | null;
  @Field(() => Int, { description: 'Joins through the link so far.' }) useCount: number;
  @Field(() => Boolean, { description: 'Joining files a request that an owner or admin approves or declines.' }) requiresApproval: boolean;
  @Field(() => DateTimeScalar, { nullable: true }) revokedAt: string | null;
  @Field(() => Int, { description: 'Requests through this link waiting for a decision.' }) pendingCount: number;
  @Field(() => DateTimeScalar) createdAt: string;
  creatorId: string;
}

@ObjectType('InviteLinkEdge')
export class InviteLinkEdgeModel {
  @Field(() => InviteLinkModel) node: InviteLinkModel;
  @Field(() => String) cursor: string;
}

@ObjectType('InviteLinkConnection')
export class InviteLinkConnectionModel {
  @Field(() => [InviteLinkEdgeModel]) edges: InviteLinkEdgeModel[];
  @Field(() => PageInfoModel) pageInfo: PageInfoModel;
}

@ObjectType('GroupPreview', { description: 'A group as someone holding its invite link or public handle sees it before joining.' })
export class GroupPreviewModel {
  @Field(() => ID) conversationId: string;
  @Field(() => String) title: string;
  @Field(() => String, { nullable: true }) handle: string | null;
  @Field(() => Int) memberCount: number;
  @Field(() => Boolean) requiresApproval: boolean;
  @Field(() => Boolean) isMember: boolean;
  @Field(() => Boolean, { description: 'The viewer asked to join and waits for an admin.' }) pending: boolean;
}

@ObjectType('JoinResult')
export class JoinResultModel {
  @Field(() => ConversationModel, { nullable: true, description: 'The group, when the viewer is now a member.' })
  conversation: ConversationModel | null;
  @Field(() => Boolean, { description: 'True when the link needs approval: an owner or admin decides.' }) pending: boolean;
}

/** `user` is a field resolver. */
@ObjectType('JoinRequest')
export class JoinRequestModel {
  @Field(() => ID, { nullable: true, description: 'The link it came through.' }) linkId: string | null;
  @Field(() => DateTimeScalar) createdAt: string;
  userId: string;
}

@ObjectType('JoinRequestEdge')
export class JoinRequestEdgeModel {
  @Field(() => JoinRequestModel) node: JoinRequestModel;
  @Field(() => String) cursor: string;
}

@ObjectType('JoinRequestConnection')
export class JoinRequestConnectionModel {
  @Field(() => [JoinRequestEdgeModel]) edges: JoinRequestEdgeModel[];
  @Field(() => PageInfoModel) pageInfo: PageInfoModel;
}
