import DataLoader from 'dataloader';
import { MessageView, MessagingSubjects } from '@app/contracts';
import { GqlContext } from '../graphql/context';

/** Messages by id as the viewer may read them (replyTo beyond the level messaging sends along), batched per operation. */
export function messageLoader(ctx: GqlContext): DataLoader<string, MessageView | null> {
  return ctx.loaders.get(
    'messaging.messages',
    (rpc, viewerId) =>
      new DataLoader<string, MessageView | null>(
        async (ids) => {
          if (!viewerId) return ids.map(() => null);
          const found = await rpc.send(MessagingSubjects.GetMessages, { viewerId, ids: [...ids] });
          const byId = new Map(found.map((m) => [m.id, m]));
          return ids.map((id) => byId.get(id) ?? null);
        },
        { maxBatchSize: 500 },
      ),
  );
}
