import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { MessageKind } from '@app/contracts';
import { DateTimeScalar } from '../graphql/scalars';
import { PageInfoModel } from '../graphql/models/page-info.model';
import { ReactionCountModel } from '../graphql/models/reaction-count.model';

export enum MessageKindEnum {
  TEXT = 'TEXT',
  SYSTEM = 'SYSTEM',
  PAYMENT = 'PAYMENT',
  BILL_PAYMENT = 'BILL_PAYMENT',
  POST_SHARE = 'POST_SHARE',
  MONEY_REQUEST = 'MONEY_REQUEST',
  BILL_SPLIT = 'BILL_SPLIT',
}
registerEnumType(MessageKindEnum, { name: 'MessageKind' });

/**
 * A message (messaging's MessageView). `sender`, `replyTo` and
 * `forwardedFrom` are field resolvers in message.resolver.ts; `payment`,
 * `billPayment` and `post` are added by the payments and news features from
 * their own files (`@Resolver(() => MessageModel)` + `@ResolveField`),
 * reading `refId`.
 */
@ObjectType('Message')
export class MessageModel {
  @Field(() => ID) id: string;
  @Field(() => ID) conversationId: string;
  @Field(() => Int, { description: 'Position in its conversation: 1, 2, 3, … with no gaps and no repeats.' }) seq: number;
  @Field(() => MessageKindEnum) kind: MessageKind;
  @Field(() => String, {
    nullable: true,
    description: 'The id the sending client chose: a retried send with the same clientId returns this same message.',
  })
  clientId: string | null;
  @Field(() => String, { nullable: true, description: 'Null once the message is deleted for everyone.' }) text: string | null;
  @Field(() => [ReactionCountModel]) reactions: ReactionCountModel[];
  @Field(() => DateTimeScalar, { nullable: true }) editedAt: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) deletedAt: string | null;
  @Field(() => DateTimeScalar) createdAt: string;

  /** Not in the schema: resolved into `sender`. Null for SYSTEM messages. */
  senderId: string | null;
  replyToId: string | null;
  /** Present when messaging sent the replied-to message along (one level). */
  replyTo?: MessageModel | null;
  forwardedFromId: string | null;
  /** The transfer (PAYMENT), bill payment (BILL_PAYMENT) or post (POST_SHARE) this message shows. */
  refId: string | null;
  /** Resolved into `media` (media/media-fields.resolver.ts). */
  mediaIds?: string[];
}

@ObjectType('MessageEdge')
export class MessageEdgeModel {
  @Field(() => MessageModel) node: MessageModel;
  @Field(() => String) cursor: string;
}

@ObjectType('MessageConnection')
export class MessageConnectionModel {
  @Field(() => [MessageEdgeModel]) edges: MessageEdgeModel[];
  @Field(() => PageInfoModel) pageInfo: PageInfoModel;
}
