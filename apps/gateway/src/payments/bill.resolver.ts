import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RpcClient } from '@app/common';
import { PaymentsSubjects } from '@app/contracts';
import { CurrentViewer } from '../auth/viewer.decorator';
import { Viewer } from '../auth/viewer';
import { InspectBillArgs, PayBillInput, PaymentsPageArgs } from './payments.inputs';
import { BillInfoModel, BillPaymentConnectionModel, BillPaymentModel } from './payments.models';

@Resolver(() => BillPaymentModel)
export class BillResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => BillInfoModel, { description: 'Checks and decodes a bill; error INVALID_BILL says which number is wrong and why.' })
  inspectBill(@CurrentViewer() viewer: Viewer, @Args() args: InspectBillArgs) {
    return this.rpc.send(PaymentsSubjects.InspectBill, { viewerId: viewer.userId, billId: args.billId, paymentId: args.paymentId });
  }

  @Query(() => BillInfoModel, {
    description: 'Reads the 26-digit barcode printed on a bill (bill id and payment id, each left-padded with zeros to 13 digits).',
  })
  decodeBillBarcode(@CurrentViewer() viewer: Viewer, @Args('barcode', { type: () => String }) barcode: string) {
    return this.rpc.send(PaymentsSubjects.DecodeBillBarcode, { viewerId: viewer.userId, barcode });
  }

  @Query(() => BillPaymentConnectionModel, { description: 'Newest first.' })
  billPayments(@CurrentViewer() viewer: Viewer, @Args() args: PaymentsPageArgs) {
    return this.rpc.send(PaymentsSubjects.ListBillPayments, { viewerId: viewer.userId, first: args.first ?? 20, after: args.after });
  }

  @Mutation(() => BillPaymentModel)
  payBill(@CurrentViewer() viewer: Viewer, @Args('input') input: PayBillInput) {
    return this.rpc.send(PaymentsSubjects.PayBill, { viewerId: viewer.userId, ...input });
  }
}
