import { Args, ID, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { RpcClient } from '@app/common';
import { PayoutChangedEvent, PayoutsLive, PayoutsSubjects } from '@app/contracts';
import { CurrentViewer } from '../auth/viewer.decorator';
import { Viewer } from '../auth/viewer';
import { MoneyScalar } from '../graphql/scalars';
import { LiveHub } from '../live/live-hub';
import { PaymentsPageArgs } from './payments.inputs';
import { PayoutInput } from './payouts.inputs';
import { BankAccountModel, IbanInfoModel, PayoutConnectionModel, PayoutModel, PayoutQuoteModel } from './payouts.models';

/** The Payouts section of the API (contract v2). */
@Resolver(() => PayoutModel)
export class PayoutsResolver {
  constructor(
    private readonly rpc: RpcClient,
    private readonly live: LiveHub,
  ) {}

  @Query(() => [BankAccountModel])
  bankAccounts(@CurrentViewer() viewer: Viewer) {
    return this.rpc.send(PayoutsSubjects.ListBankAccounts, { viewerId: viewer.userId });
  }

  @Query(() => PayoutConnectionModel, { description: 'Newest first.' })
  payouts(@CurrentViewer() viewer: Viewer, @Args() args: PaymentsPageArgs) {
    return this.rpc.send(PayoutsSubjects.ListPayouts, { viewerId: viewer.userId, first: args.first ?? 20, after: args.after });
  }

  @Query(() => IbanInfoModel, { description: 'Checks an IBAN as addBankAccount does and names its bank; INVALID_IBAN says why not.' })
  ibanInfo(@CurrentViewer() viewer: Viewer, @Args('iban') iban: string) {
    return this.rpc.send(PayoutsSubjects.InspectIban, { viewerId: viewer.userId, iban });
  }

  @Query(() => PayoutQuoteModel, { description: 'The fee and limits for a payout of this amount, to show before it is confirmed.' })
  payoutQuote(@CurrentViewer() viewer: Viewer, @Args('amount', { type: () => MoneyScalar }) amount: string) {
    return this.rpc.send(PayoutsSubjects.QuotePayout, { viewerId: viewer.userId, amount });
  }

  @Mutation(() => BankAccountModel, { description: 'Persian or Latin digits, spaces ignored; INVALID_IBAN says why a number is refused.' })
  addBankAccount(@CurrentViewer() viewer: Viewer, @Args('iban') iban: string) {
    return this.rpc.send(PayoutsSubjects.AddBankAccount, { viewerId: viewer.userId, iban });
  }

  @Mutation(() => Boolean)
  removeBankAccount(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string) {
    return this.rpc.send(PayoutsSubjects.RemoveBankAccount, { viewerId: viewer.userId, id });
  }

  @Mutation(() => PayoutModel, { description: 'Holds amount + fee at once; the wallet gets it back if the payout fails or is cancelled.' })
  requestPayout(@CurrentViewer() viewer: Viewer, @Args('input') input: PayoutInput) {
    return this.rpc.send(PayoutsSubjects.RequestPayout, { viewerId: viewer.userId, ...input });
  }

  @Mutation(() => PayoutModel, { description: 'Only while PENDING and not yet sent to the bank.' })
  cancelPayout(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string) {
    return this.rpc.send(PayoutsSubjects.CancelPayout, { viewerId: viewer.userId, id });
  }

  @Subscription(() => PayoutModel, {
    description: "The viewer's payouts, at every change of status.",
    resolve: (event: PayoutChangedEvent) => event.payout,
  })
  payoutChanged(@CurrentViewer() viewer: Viewer) {
    return this.live.iterate<PayoutChangedEvent>([PayoutsLive.payoutChanged(viewer.userId)]);
  }
}
