import { Field, ID, Int, InterfaceType, ObjectType } from '@nestjs/graphql';
import { UpdateView } from '@app/contracts';
import { DateTimeScalar } from '../graphql/scalars';
import { ReactionCountModel } from '../graphql/models/reaction-count.model';
import { ConversationModel } from './conversation.model';
import { MessageModel } from './message.model';

@InterfaceType('Update', {
  description:
    "One entry of a user's update stream. Every change that a member of a\nconversation must see is an update with a cursor; the cursors of one user's\nstream are strictly increasing, so a client that remembers the last cursor it\nsaw can ask for everything after it and miss nothing.",
  // messaging names each update's GraphQL type in `type`.
  resolveType: (update: UpdateView) => update.type,
})
export abstract class UpdateModel {
  @Field(() => String, { description: "Opaque position in the viewer's update stream." }) cursor: string;
  @Field(() => ID) conversationId: string;
}

@ObjectType('MessageAdded', { implements: () => [UpdateModel] })
export class MessageAddedModel extends UpdateModel {
  @Field(() => MessageModel) message: MessageModel;
}

@ObjectType('MessageEdited', { implements: () => [UpdateModel] })
export class MessageEditedModel extends UpdateModel {
  @Field(() => MessageModel) message: MessageModel;
}

@ObjectType('MessageDeleted', { implements: () => [UpdateModel] })
export class MessageDeletedModel extends UpdateModel {
  @Field(() => ID) messageId: string;
  @Field(() => Int) seq: number;
}

@ObjectType('ReadMarkerMoved', { implements: () => [UpdateModel] })
export class ReadMarkerMovedModel extends UpdateModel {
  @Field(() => ID) userId: string;
  @Field(() => Int) lastReadSeq: number;
}

@ObjectType('ReactionsChanged', { implements: () => [UpdateModel] })
export class ReactionsChangedModel extends UpdateModel {
  @Field(() => ID) messageId: string;
  @Field(() => [ReactionCountModel]) reactions: ReactionCountModel[];
}

@ObjectType('ConversationChanged', {
  implements: () => [UpdateModel],
  description: 'Members, title, roles or pin changed; or the viewer joined or left (then conversation is as the viewer may still see it).',
})
export class ConversationChangedModel extends UpdateModel {
  @Field(() => ConversationModel) conversation: ConversationModel;
}

@ObjectType('UpdatesPage')
export class UpdatesPageModel {
  @Field(() => [UpdateModel]) updates: UpdateModel[];
  @Field(() => String, { description: "Pass this as 'after' next time, even when updates is empty." }) cursor: string;
  @Field(() => Boolean) hasMore: boolean;
}

/** `user` is a field resolver (update.resolver.ts). */
@ObjectType('TypingEvent', { description: 'Ephemeral: never stored, never replayed.' })
export class TypingEventModel {
  @Field(() => ID) conversationId: string;
  @Field(() => DateTimeScalar) at: string;
  userId: string;
}
