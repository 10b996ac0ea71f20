import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RpcClient } from '@app/common';
import { PaymentsSubjects } from '@app/contracts';
import { CurrentViewer } from '../auth/viewer.decorator';
import { Viewer } from '../auth/viewer';
import { StartTopUpArgs } from './payments.inputs';
import { TopUpModel } from './payments.models';

@Resolver(() => TopUpModel)
export class TopUpResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Mutation(() => TopUpModel)
  startTopUp(@CurrentViewer() viewer: Viewer, @Args() args: StartTopUpArgs) {
    return this.rpc.send(PaymentsSubjects.StartTopUp, {
      viewerId: viewer.userId,
      amount: args.amount,
      idempotencyKey: args.idempotencyKey,
    });
  }

  @Query(() => TopUpModel, { nullable: true })
  topUp(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string) {
    return this.rpc.send(PaymentsSubjects.GetTopUp, { viewerId: viewer.userId, id });
  }
}
