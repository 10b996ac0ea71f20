import DataLoader from 'dataloader';
import { RpcClient } from '@app/common';
import { AccountsSubjects, UserView } from '@app/contracts';

/**
 * Per-operation batching: every User a response mentions (senders, members,
 * counterparties) is fetched in one NATS request, as the viewer may see it.
 * Features add their own loaders through get(), keyed by name, so that each
 * keeps its loader in its own folder.
 */
export class Loaders {
  readonly users: DataLoader<string, UserView | null>;
  private readonly named = new Map<string, DataLoader<unknown, unknown>>();

  constructor(
    readonly rpc: RpcClient,
    readonly viewerId: string | null,
  ) {
    this.users = new DataLoader(
      async (ids) => {
        if (!viewerId) return ids.map(() => null);
        const found = await rpc.send(AccountsSubjects.GetUsers, { viewerId, ids: [...ids] });
        const byId = new Map(found.map((u) => [u.id, u]));
        return ids.map((id) => byId.get(id) ?? null);
      },
      { maxBatchSize: 500 },
    );
  }

  /** The loader called `name` for this operation, created on first use. */
  get<K, V>(name: string, create: (rpc: RpcClient, viewerId: string | null) => DataLoader<K, V>): DataLoader<K, V> {
    let loader = this.named.get(name);
    if (!loader) this.named.set(name, (loader = create(this.rpc, this.viewerId) as DataLoader<unknown, unknown>));
    return loader as DataLoader<K, V>;
  }
}
