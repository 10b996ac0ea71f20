import DataLoader from 'dataloader';
import { Int, ResolveField, Resolver } from '@nestjs/graphql';
import { MessageEntityView, MessagingMentionSubjects as S, UnreadMentionsView } from '@app/contracts';
import { UserModel } from '../accounts/user.model';
import { GqlContext } from '../graphql/context';
import { ConversationModel } from './conversation.model';
import { MessageModel } from './message.model';
import { MessageEntityModel } from './mention.model';

function entitiesLoader(ctx: GqlContext): DataLoader<string, MessageEntityView[]> {
  return ctx.loaders.get(
    'messaging.entities',
    (rpc, viewerId) =>
      new DataLoader<string, MessageEntityView[]>(
        async (ids) => {
          if (!viewerId) return ids.map(() => []);
          const found = await rpc.send(S.MessageEntities, { viewerId, messageIds: [...ids] });
          return found.map((f) => f.entities);
        },
        { maxBatchSize: 500 },
      ),
  );
}

function mentionsLoader(ctx: GqlContext): DataLoader<string, UnreadMentionsView> {
  return ctx.loaders.get(
    'messaging.unread-mentions',
    (rpc, viewerId) =>
      new DataLoader<string, UnreadMentionsView>(
        async (ids) => {
          if (!viewerId) return ids.map((conversationId) => ({ conversationId, count: 0, seqs: [] }));
          return rpc.send(S.UnreadMentions, { viewerId, conversationIds: [...ids] });
        },
        { maxBatchSize: 500 },
      ),
  );
}

@Resolver(() => MessageModel)
export class MessageEntitiesResolver {
  @ResolveField(() => [MessageEntityModel], { description: 'Mentions in the text, by offset; empty once deleted.' })
  entities(m: MessageModel, _args: unknown, ctx: GqlContext) {
    return m.text === null ? [] : entitiesLoader(ctx).load(m.id);
  }
}

@Resolver(() => MessageEntityModel)
export class MessageEntityResolver {
  @ResolveField(() => UserModel, { nullable: true })
  user(e: MessageEntityModel, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.users.load(e.userId);
  }
}

@Resolver(() => ConversationModel)
export class ConversationMentionsResolver {
  @ResolveField(() => Int, { description: 'Messages from others mentioning the viewer above their read marker (not deleted).' })
  async unreadMentionCount(c: ConversationModel, _args: unknown, ctx: GqlContext) {
    return (await mentionsLoader(ctx).load(c.id)).count;
  }

  @ResolveField(() => [Int], { description: 'The seqs of those messages, oldest first (at most 100): where "jump to mention" goes.' })
  async unreadMentionSeqs(c: ConversationModel, _args: unknown, ctx: GqlContext) {
    return (await mentionsLoader(ctx).load(c.id)).seqs;
  }
}
