import DataLoader from 'dataloader';
import { RpcClient } from '@app/common';
import { BillSplitView, ChatMoneySubjects, MoneyRequestView } from '@app/contracts';
import { GqlContext } from '../graphql/context';

/**
 * Per-operation batching of the money requests and bill splits messages
 * show, keyed by id and the conversation they are read in (which decides what
 * the viewer may see), as payments.loaders.ts does for transfers.
 */
function refLoader<V>(subject: typeof ChatMoneySubjects.GetMoneyRequests | typeof ChatMoneySubjects.GetBillSplits) {
  return (rpc: RpcClient, viewerId: string | null) =>
    new DataLoader<string, V | null>(
      async (keys) => {
        if (!viewerId) return keys.map(() => null);
        const refs = keys.map((key) => {
          const [id, conversationId] = key.split('|');
          return { id, conversationId: conversationId || null };
        });
        return (await rpc.send(subject, { viewerId, refs })) as Array<V | null>;
      },
      // Batched, never cached: a subscription keeps its loaders for its whole life, and these records change
      // (each MessageEdited must show the state it announces, not the one the first event read).
      { maxBatchSize: 500, cache: false },
    );
}

const moneyRequestsLoader = refLoader<MoneyRequestView>(ChatMoneySubjects.GetMoneyRequests);
const billSplitsLoader = refLoader<BillSplitView>(ChatMoneySubjects.GetBillSplits);

export function loadMoneyRequest(ctx: GqlContext, id: string, conversationId: string | null): Promise<MoneyRequestView | null> {
  return ctx.loaders.get('payments.moneyRequests', moneyRequestsLoader).load(`${id}|${conversationId ?? ''}`);
}

export function loadBillSplit(ctx: GqlContext, id: string, conversationId: string | null): Promise<BillSplitView | null> {
  return ctx.loaders.get('payments.billSplits', billSplitsLoader).load(`${id}|${conversationId ?? ''}`);
}
