import DataLoader from 'dataloader';
import { RpcClient } from '@app/common';
import { AccountsSubjects, UserView } from '@app/contracts';

/**
 * Per-operation batching: every User a response mentions (senders, members,
 * counterparties) is fetched in one NATS request, as the viewer may see it.
 */
export class Loaders {
  readonly users: DataLoader<string, UserView | null>;

  constructor(rpc: RpcClient, viewerId: string | null) {
    this.users = new DataLoader(async (ids) => {
      if (!viewerId) return ids.map(() => null);
      const found = await rpc.send(AccountsSubjects.GetUsers, { viewerId, ids: [...ids] });
      const byId = new Map(found.map((u) => [u.id, u]));
      return ids.map((id) => byId.get(id) ?? null);
    }, { maxBatchSize: 500 });
  }
}
