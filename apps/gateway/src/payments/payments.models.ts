import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { BillPaymentView, TransactionView, TransferView } from '@app/contracts';
import { DateTimeScalar, MoneyScalar } from '../graphql/scalars';
import { PageInfoModel } from '../graphql/models/page-info.model';

export enum TransactionKindEnum {
  TOP_UP = 'TOP_UP',
  TRANSFER_IN = 'TRANSFER_IN',
  TRANSFER_OUT = 'TRANSFER_OUT',
  BILL_PAYMENT = 'BILL_PAYMENT',
  REFUND = 'REFUND',
  PAYOUT = 'PAYOUT',
  PAYOUT_RETURNED = 'PAYOUT_RETURNED',
  BILL_SHARE = 'BILL_SHARE',
  BILL_SHARE_RETURNED = 'BILL_SHARE_RETURNED',
}
registerEnumType(TransactionKindEnum, {
  name: 'TransactionKind',
  valuesMap: {
    PAYOUT: { description: 'Money held for a payout leaves the wallet.' },
    PAYOUT_RETURNED: { description: 'A payout that failed or was cancelled gives the money back.' },
    BILL_SHARE: { description: 'A share of a split bill, paid into the split.' },
    BILL_SHARE_RETURNED: { description: 'A share returned when its split was cancelled or expired.' },
  },
});

export enum TopUpStatusEnum {
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(TopUpStatusEnum, { name: 'TopUpStatus' });

export enum BillTypeEnum {
  WATER = 'WATER',
  ELECTRICITY = 'ELECTRICITY',
  GAS = 'GAS',
  LANDLINE = 'LANDLINE',
  MOBILE = 'MOBILE',
  MUNICIPALITY = 'MUNICIPALITY',
  TAX = 'TAX',
  TRAFFIC_FINE = 'TRAFFIC_FINE',
  OTHER = 'OTHER',
}
registerEnumType(BillTypeEnum, { name: 'BillType' });

@ObjectType('BillPayment')
export class BillPaymentModel implements BillPaymentView {
  @Field(() => ID) id: string;
  @Field(() => String) billId: string;
  @Field(() => String) paymentId: string;
  @Field(() => BillTypeEnum) type: BillPaymentView['type'];
  @Field(() => MoneyScalar) amount: string;
  @Field(() => String) trackingCode: string;
  @Field(() => DateTimeScalar) paidAt: string;
}

@ObjectType('Transaction')
export class TransactionModel implements Omit<TransactionView, 'counterpartyId'> {
  @Field(() => ID) id: string;
  @Field(() => TransactionKindEnum) kind: TransactionView['kind'];
  @Field(() => MoneyScalar, { description: 'Always positive; kind says which way the money went.' }) amount: string;
  @Field(() => MoneyScalar, { description: "The wallet's balance right after this transaction." }) balanceAfter: string;
  @Field(() => String, { description: 'Human-readable reference a user can quote to support, unique per transaction.' })
  trackingCode: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => BillPaymentModel, { nullable: true }) billPayment: BillPaymentModel | null;
  @Field(() => DateTimeScalar) createdAt: string;
  /** Resolved by TransactionResolver.counterparty. */
  counterpartyId: string | null;
}

@ObjectType('TransactionEdge')
export class TransactionEdgeModel {
  @Field(() => TransactionModel) node: TransactionModel;
  @Field(() => String) cursor: string;
}

@ObjectType('TransactionConnection')
export class TransactionConnectionModel {
  @Field(() => [TransactionEdgeModel]) edges: TransactionEdgeModel[];
  @Field(() => PageInfoModel) pageInfo: PageInfoModel;
}

@ObjectType('Wallet')
export class WalletModel {
  @Field(() => ID) id: string;
  @Field(() => MoneyScalar) balance: string;
  @Field(() => String, { description: 'ISO 4217: always IRR.' }) currency: string;
}

@ObjectType('TopUp')
export class TopUpModel {
  @Field(() => ID) id: string;
  @Field(() => MoneyScalar) amount: string;
  @Field(() => TopUpStatusEnum) status: TopUpStatusEnum;
  @Field(() => String, { description: "Where the user goes to pay at the bank's payment gateway." }) paymentUrl: string;
  @Field(() => String, { nullable: true, description: "The bank's reference once the payment is verified." }) bankReference: string | null;
  @Field(() => DateTimeScalar) createdAt: string;
  @Field(() => DateTimeScalar, { nullable: true }) completedAt: string | null;
}

@ObjectType('PaymentTransfer')
export class PaymentTransferModel implements Omit<TransferView, 'fromUserId' | 'toUserId'> {
  @Field(() => ID) id: string;
  @Field(() => MoneyScalar) amount: string;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => String) trackingCode: string;
  @Field(() => ID, {
    nullable: true,
    description:
      'The conversation the transfer was posted in. Null in the first answer when messaging did not answer in time; ' +
      'the message is still posted in the direct conversation, and later reads name it.',
  })
  conversationId: string | null;
  @Field(() => DateTimeScalar) createdAt: string;
  /** Resolved as User by PaymentTransferResolver. */
  fromUserId: string;
  toUserId: string;
}

@ObjectType('BillInfo', { description: "What a bill's two numbers say, checked and decoded; nothing is paid." })
export class BillInfoModel {
  @Field(() => String, { description: 'Digits only, leading zeros removed.' }) billId: string;
  @Field(() => String, { description: 'Digits only, leading zeros removed.' }) paymentId: string;
  @Field(() => BillTypeEnum) type: BillTypeEnum;
  @Field(() => MoneyScalar) amount: string;
  @Field(() => String, { description: "The issuing company's code, as carried in the bill id." }) companyCode: string;
  @Field(() => Boolean) alreadyPaid: boolean;
}

@ObjectType('BillPaymentEdge')
export class BillPaymentEdgeModel {
  @Field(() => BillPaymentModel) node: BillPaymentModel;
  @Field(() => String) cursor: string;
}

@ObjectType('BillPaymentConnection')
export class BillPaymentConnectionModel {
  @Field(() => [BillPaymentEdgeModel]) edges: BillPaymentEdgeModel[];
  @Field(() => PageInfoModel) pageInfo: PageInfoModel;
}
