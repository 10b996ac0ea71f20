import { ConversationResolver, MemberResolver } from './conversation.resolver';
import { InviteResolver, JoinRequestResolver } from './invite.resolver';
import { MessageResolver } from './message.resolver';
import { ConversationMentionsResolver, MessageEntitiesResolver, MessageEntityResolver } from './mention.resolver';
import { ModerationResolver } from './moderation.resolver';
import { UpdateResolver } from './update.resolver';

/** The messaging section of the API (registered in ../resolvers.ts). */
export const MESSAGING_RESOLVERS = [
  ConversationResolver,
  MemberResolver,
  MessageResolver,
  UpdateResolver,
  InviteResolver,
  JoinRequestResolver,
  MessageEntitiesResolver,
  MessageEntityResolver,
  ConversationMentionsResolver,
  ModerationResolver,
];
