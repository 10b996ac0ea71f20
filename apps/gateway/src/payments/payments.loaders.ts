import DataLoader from 'dataloader';
import { RpcClient } from '@app/common';
import { BillPaymentView, ChatMoneySubjects, PaymentsSubjects, TransferView } from '@app/contracts';
import { GqlContext } from '../graphql/context';

/**
 * Per-operation batching of the records messages refer to: every transfer
 * (or bill payment) a page of messages mentions comes in one NATS request,
 * keyed by id and the conversation it is read in, since that decides what
 * the viewer may see. chat-money.loaders.ts does the same for money requests
 * and bill splits.
 */
export function refLoader<V>(
  subject:
    | typeof PaymentsSubjects.GetTransfers
    | typeof PaymentsSubjects.GetBillPayments
    | typeof ChatMoneySubjects.GetMoneyRequests
    | typeof ChatMoneySubjects.GetBillSplits,
  options: { cache?: boolean } = {},
) {
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
      { maxBatchSize: 500, ...options },
    );
}

const transfersLoader = refLoader<TransferView>(PaymentsSubjects.GetTransfers);
const billPaymentsLoader = refLoader<BillPaymentView>(PaymentsSubjects.GetBillPayments);

export function loadTransfer(ctx: GqlContext, id: string, conversationId: string | null): Promise<TransferView | null> {
  return ctx.loaders.get('payments.transfers', transfersLoader).load(`${id}|${conversationId ?? ''}`);
}

export function loadBillPayment(ctx: GqlContext, id: string, conversationId: string | null): Promise<BillPaymentView | null> {
  return ctx.loaders.get('payments.billPayments', billPaymentsLoader).load(`${id}|${conversationId ?? ''}`);
}
