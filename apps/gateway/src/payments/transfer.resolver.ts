import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { RpcClient } from '@app/common';
import { PaymentsSubjects } from '@app/contracts';
import { UserModel } from '../accounts/user.model';
import { CurrentViewer } from '../auth/viewer.decorator';
import { Viewer } from '../auth/viewer';
import { GqlContext } from '../graphql/context';
import { TransferInput } from './payments.inputs';
import { PaymentTransferModel } from './payments.models';

@Resolver(() => PaymentTransferModel)
export class PaymentTransferResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Mutation(() => PaymentTransferModel)
  transferMoney(@CurrentViewer() viewer: Viewer, @Args('input') input: TransferInput) {
    return this.rpc.send(PaymentsSubjects.TransferMoney, { viewerId: viewer.userId, ...input });
  }

  @ResolveField(() => UserModel)
  from(@Parent() transfer: PaymentTransferModel, @Context() ctx: GqlContext) {
    return ctx.loaders.users.load(transfer.fromUserId);
  }

  @ResolveField(() => UserModel)
  to(@Parent() transfer: PaymentTransferModel, @Context() ctx: GqlContext) {
    return ctx.loaders.users.load(transfer.toUserId);
  }
}
