import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConversationKind, MemberRole } from '@app/contracts';
import { DateTimeScalar } from '../graphql/scalars';
import { PageInfoModel } from '../graphql/models/page-info.model';
import { MessageModel } from './message.model';

export enum ConversationKindEnum {
  DIRECT = 'DIRECT',
  GROUP = 'GROUP',
}
registerEnumType(ConversationKindEnum, { name: 'ConversationKind' });

export enum MemberRoleEnum {
  OWNER = 'OWNER',
  ADMIN = 'ADMIN',
  MEMBER = 'MEMBER',
}
registerEnumType(MemberRoleEnum, { name: 'MemberRole' });

/** `user` is a field resolver (conversation.resolver.ts). */
@ObjectType('Member')
export class MemberModel {
  @Field(() => MemberRoleEnum) role: MemberRole;
  @Field(() => DateTimeScalar) joinedAt: string;
  userId: string;
}

@ObjectType('MemberEdge')
export class MemberEdgeModel {
  @Field(() => MemberModel) node: MemberModel;
  @Field(() => String) cursor: string;
}

@ObjectType('MemberConnection')
export class MemberConnectionModel {
  @Field(() => [MemberEdgeModel]) edges: MemberEdgeModel[];
  @Field(() => PageInfoModel) pageInfo: PageInfoModel;
  @Field(() => Int) totalCount: number;
}

/** `title` and `members` are field resolvers (conversation.resolver.ts). */
@ObjectType('Conversation')
export class ConversationModel {
  @Field(() => ID) id: string;
  @Field(() => ConversationKindEnum) kind: ConversationKind;
  @Field(() => DateTimeScalar) createdAt: string;
  @Field(() => Int) memberCount: number;
  @Field(() => MemberRoleEnum) myRole: MemberRole;
  @Field(() => MessageModel, { nullable: true }) lastMessage: MessageModel | null;
  @Field(() => Int, { description: 'Messages from others with seq above my lastReadSeq that are not deleted.' }) unreadCount: number;
  @Field(() => Int) lastReadSeq: number;
  @Field(() => Int, { description: "The highest seq that any other member has read: drives the 'read' ticks." }) peerReadSeq: number;
  @Field(() => MessageModel, { nullable: true }) pinnedMessage: MessageModel | null;
  @Field(() => Boolean) muted: boolean;
  @Field(() => String, {
    nullable: true,
    description: "A public group's handle: anyone may find it (publicGroup) and join (joinPublicGroup).",
  })
  handle: string | null;
  @Field(() => Int, { description: 'Seconds a member (not an owner or admin) waits between messages; 0 for none.' })
  slowModeSeconds: number;
  @Field(() => DateTimeScalar, { nullable: true, description: 'The viewer may not send until then (an admin restricted them).' })
  restrictedUntil: string | null;

  /** Not in the schema: the group's title (null for DIRECT), the other participant of a DIRECT one. */
  title: string | null;
  peerId: string | null;
  active: boolean;
}

@ObjectType('ConversationEdge')
export class ConversationEdgeModel {
  @Field(() => ConversationModel) node: ConversationModel;
  @Field(() => String) cursor: string;
}

@ObjectType('ConversationConnection')
export class ConversationConnectionModel {
  @Field(() => [ConversationEdgeModel]) edges: ConversationEdgeModel[];
  @Field(() => PageInfoModel) pageInfo: PageInfoModel;
}
