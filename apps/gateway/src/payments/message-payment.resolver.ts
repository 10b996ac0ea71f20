import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { GqlContext } from '../graphql/context';
import { MessageModel } from '../messaging/message.model';
import { loadBillPayment, loadTransfer } from './payments.loaders';
import { BillPaymentModel, PaymentTransferModel } from './payments.models';

/**
 * What a PAYMENT or BILL_PAYMENT message shows, batched per operation. The
 * viewer sees a transfer when they are one of its two parties or read it in
 * the conversation it was posted in; a receipt when they paid it or read it
 * in the conversation it was shared in. Anywhere else (a forwarded copy) the
 * field is null.
 */
@Resolver(() => MessageModel)
export class MessagePaymentResolver {
  @ResolveField(() => PaymentTransferModel, { nullable: true, description: 'Set when kind is PAYMENT.' })
  payment(@Parent() message: MessageModel, @Context() ctx: GqlContext) {
    return message.kind === 'PAYMENT' && message.refId ? loadTransfer(ctx, message.refId, message.conversationId) : null;
  }

  @ResolveField(() => BillPaymentModel, { nullable: true, description: 'Set when kind is BILL_PAYMENT.' })
  billPayment(@Parent() message: MessageModel, @Context() ctx: GqlContext) {
    return message.kind === 'BILL_PAYMENT' && message.refId ? loadBillPayment(ctx, message.refId, message.conversationId) : null;
  }
}
