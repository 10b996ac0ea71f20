import { Args, Context, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { RpcClient } from '@app/common';
import { PaymentsLive, PaymentsSubjects, WalletChangedEvent } from '@app/contracts';
import { CurrentViewer } from '../auth/viewer.decorator';
import { Viewer } from '../auth/viewer';
import { UserModel } from '../accounts/user.model';
import { GqlContext } from '../graphql/context';
import { LiveHub } from '../live/live-hub';
import { PaymentsPageArgs } from './payments.inputs';
import { TransactionConnectionModel, TransactionModel, WalletModel } from './payments.models';

@Resolver(() => WalletModel)
export class WalletResolver {
  constructor(
    private readonly rpc: RpcClient,
    private readonly live: LiveHub,
  ) {}

  @Query(() => WalletModel)
  wallet(@CurrentViewer() viewer: Viewer) {
    return this.rpc.send(PaymentsSubjects.GetWallet, { viewerId: viewer.userId });
  }

  /** A wallet is only ever its owner's, so its history is the viewer's. */
  @ResolveField(() => TransactionConnectionModel, { description: 'Newest first.' })
  transactions(@CurrentViewer() viewer: Viewer, @Args() args: PaymentsPageArgs) {
    return this.rpc.send(PaymentsSubjects.ListTransactions, { viewerId: viewer.userId, first: args.first ?? 20, after: args.after });
  }

  @Subscription(() => WalletModel, {
    description: "The viewer's wallet after every change to its balance.",
    resolve: (event: WalletChangedEvent) => event.wallet,
  })
  async walletChanged(@CurrentViewer() viewer: Viewer) {
    return newestOnly(await this.live.iterate<WalletChangedEvent>([PaymentsLive.walletChanged(viewer.userId)]));
  }
}

@Resolver(() => TransactionModel)
export class TransactionResolver {
  @ResolveField(() => UserModel, { nullable: true, description: 'The other user, for transfers.' })
  counterparty(@Parent() tx: TransactionModel, @Context() ctx: GqlContext) {
    return tx.counterpartyId ? ctx.loaders.users.load(tx.counterpartyId) : null;
  }
}

/**
 * Drops events older than one already delivered: two changes committed close
 * together may be published in either order, and the wallet shown must end
 * at the latest balance.
 */
async function* newestOnly(events: AsyncIterableIterator<WalletChangedEvent>): AsyncGenerator<WalletChangedEvent> {
  let latest = -1n;
  try {
    for await (const event of events) {
      const version = BigInt(event.version);
      if (version <= latest) continue;
      latest = version;
      yield event;
    }
  } finally {
    await events.return?.();
  }
}
