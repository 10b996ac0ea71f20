import { BillSplitView, ChatMoneySubjects, MoneyRequestView } from '@app/contracts';
import { GqlContext } from '../graphql/context';
import { refLoader } from './payments.loaders';

/**
 * Per-operation batching of the money requests and bill splits messages
 * show, keyed by id and the conversation they are read in (which decides what
 * the viewer may see), as for transfers. Batched, never cached: a
 * subscription keeps its loaders for its whole life, and these records change
 * (each MessageEdited must show the state it announces, not the one the
 * first event read).
 */
const moneyRequestsLoader = refLoader<MoneyRequestView>(ChatMoneySubjects.GetMoneyRequests, { cache: false });
const billSplitsLoader = refLoader<BillSplitView>(ChatMoneySubjects.GetBillSplits, { cache: false });

export function loadMoneyRequest(ctx: GqlContext, id: string, conversationId: string | null): Promise<MoneyRequestView | null> {
  return ctx.loaders.get('payments.moneyRequests', moneyRequestsLoader).load(`${id}|${conversationId ?? ''}`);
}

export function loadBillSplit(ctx: GqlContext, id: string, conversationId: string | null): Promise<BillSplitView | null> {
  return ctx.loaders.get('payments.billSplits', billSplitsLoader).load(`${id}|${conversationId ?? ''}`);
}
