import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { RpcClient } from '@app/common';
import { ChatMoneySubjects as S } from '@app/contracts';
import { UserModel } from '../accounts/user.model';
import { CurrentViewer } from '../auth/viewer.decorator';
import { Viewer } from '../auth/viewer';
import { GqlContext } from '../graphql/context';
import { MessageModel } from '../messaging/message.model';
import { MoneyRequestInput, SplitBillInput } from './chat-money.inputs';
import { loadBillSplit, loadMoneyRequest } from './chat-money.loaders';
import { BillShareModel, BillSplitModel, MoneyRequestModel } from './chat-money.models';

@Resolver(() => MoneyRequestModel)
export class MoneyRequestResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => MoneyRequestModel, { nullable: true })
  moneyRequest(@Args('id', { type: () => ID }) id: string, @Context() ctx: GqlContext) {
    return loadMoneyRequest(ctx, id, null);
  }

  @Mutation(() => MoneyRequestModel, { description: 'Posts a MONEY_REQUEST message.' })
  requestMoney(@CurrentViewer() viewer: Viewer, @Args('input') input: MoneyRequestInput) {
    return this.rpc.send(S.RequestMoney, { viewerId: viewer.userId, ...input });
  }

  @Mutation(() => MoneyRequestModel, { description: 'Transfers the amount to the requester, once, whoever retries or races.' })
  payMoneyRequest(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
    @Args('idempotencyKey', { type: () => String }) idempotencyKey: string,
  ) {
    return this.rpc.send(S.PayMoneyRequest, { viewerId: viewer.userId, id, idempotencyKey });
  }

  @Mutation(() => MoneyRequestModel)
  declineMoneyRequest(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string) {
    return this.rpc.send(S.DeclineMoneyRequest, { viewerId: viewer.userId, id });
  }

  @Mutation(() => MoneyRequestModel, { description: 'Only the requester, only while OPEN.' })
  cancelMoneyRequest(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string) {
    return this.rpc.send(S.CancelMoneyRequest, { viewerId: viewer.userId, id });
  }

  @ResolveField(() => UserModel)
  requester(@Parent() request: MoneyRequestModel, @Context() ctx: GqlContext) {
    return ctx.loaders.users.load(request.requesterId);
  }

  @ResolveField(() => UserModel, { nullable: true, description: 'Who is asked; null in a group means any one member may pay it, once.' })
  payer(@Parent() request: MoneyRequestModel, @Context() ctx: GqlContext) {
    return request.payerId ? ctx.loaders.users.load(request.payerId) : null;
  }

  @ResolveField(() => UserModel, { nullable: true })
  paidBy(@Parent() request: MoneyRequestModel, @Context() ctx: GqlContext) {
    return request.paidById ? ctx.loaders.users.load(request.paidById) : null;
  }
}

@Resolver(() => BillSplitModel)
export class BillSplitResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => BillSplitModel, { nullable: true })
  billSplit(@Args('id', { type: () => ID }) id: string, @Context() ctx: GqlContext) {
    return loadBillSplit(ctx, id, null);
  }

  @Mutation(() => BillSplitModel, { description: 'Checks the bill as inspectBill does and posts a BILL_SPLIT message.' })
  splitBill(@CurrentViewer() viewer: Viewer, @Args('input') input: SplitBillInput) {
    return this.rpc.send(S.SplitBill, { viewerId: viewer.userId, ...input });
  }

  @Mutation(() => BillSplitModel, {
    description: "Pays the viewer's share into the split; when the last share is in, the bill is paid once.",
  })
  payBillShare(
    @CurrentViewer() viewer: Viewer,
    @Args('splitId', { type: () => ID }) splitId: string,
    @Args('idempotencyKey', { type: () => String }) idempotencyKey: string,
  ) {
    return this.rpc.send(S.PayBillShare, { viewerId: viewer.userId, id: splitId, idempotencyKey });
  }

  @Mutation(() => BillSplitModel, { description: 'Only its creator, only while COLLECTING: every share paid in goes back.' })
  cancelBillSplit(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string) {
    return this.rpc.send(S.CancelBillSplit, { viewerId: viewer.userId, id });
  }

  @ResolveField(() => UserModel)
  createdBy(@Parent() split: BillSplitModel, @Context() ctx: GqlContext) {
    return ctx.loaders.users.load(split.createdById);
  }
}

@Resolver(() => BillShareModel)
export class BillShareResolver {
  @ResolveField(() => UserModel)
  user(@Parent() share: BillShareModel, @Context() ctx: GqlContext) {
    return ctx.loaders.users.load(share.userId);
  }
}

/** What a MONEY_REQUEST or BILL_SPLIT message shows: the record's current state, as the viewer may see it. */
@Resolver(() => MessageModel)
export class MessageChatMoneyResolver {
  @ResolveField(() => MoneyRequestModel, { nullable: true, description: 'Set when kind is MONEY_REQUEST.' })
  moneyRequest(@Parent() message: MessageModel, @Context() ctx: GqlContext) {
    return message.kind === 'MONEY_REQUEST' && message.refId ? loadMoneyRequest(ctx, message.refId, message.conversationId) : null;
  }

  @ResolveField(() => BillSplitModel, { nullable: true, description: 'Set when kind is BILL_SPLIT.' })
  billSplit(@Parent() message: MessageModel, @Context() ctx: GqlContext) {
    return message.kind === 'BILL_SPLIT' && message.refId ? loadBillSplit(ctx, message.refId, message.conversationId) : null;
  }
}
