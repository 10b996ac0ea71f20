import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { BillShareView, BillSplitStatus, BillSplitView, MoneyRequestStatus, MoneyRequestView } from '@app/contracts';
import { DateTimeScalar, MoneyScalar } from '../graphql/scalars';
import { BillInfoModel, BillPaymentModel, PaymentTransferModel } from './payments.models';

export enum MoneyRequestStatusEnum {
  OPEN = 'OPEN',
  PAID = 'PAID',
  DECLINED = 'DECLINED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(MoneyRequestStatusEnum, { name: 'MoneyRequestStatus' });

export enum BillSplitStatusEnum {
  COLLECTING = 'COLLECTING',
  PAID = 'PAID',
  CANCELLED = 'CANCELLED',
}
registerEnumType(BillSplitStatusEnum, {
  name: 'BillSplitStatus',
  valuesMap: {
    COLLECTING: { description: 'Shares are being paid in; nothing has gone to the biller yet.' },
    PAID: { description: 'Every share is in and the bill is paid, once.' },
    CANCELLED: { description: 'Cancelled by its creator or expired; every share paid in went back.' },
  },
});

@ObjectType('MoneyRequest')
export class MoneyRequestModel implements Omit<MoneyRequestView, 'requesterId' | 'payerId' | 'paidById'> {
  @Field(() => ID) id: string;
  @Field(() => ID) conversationId: string;
  @Field(() => MoneyScalar) amount: string;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => MoneyRequestStatusEnum) status: MoneyRequestStatus;
  @Field(() => PaymentTransferModel, { nullable: true, description: 'The transfer that paid it.' }) payment: PaymentTransferModel | null;
  @Field(() => DateTimeScalar) createdAt: string;
  @Field(() => DateTimeScalar, { nullable: true }) closedAt: string | null;
  /** Resolved as User by MoneyRequestResolver (requester, payer, paidBy). */
  requesterId: string;
  payerId: string | null;
  paidById: string | null;
}

@ObjectType('BillShare')
export class BillShareModel implements Omit<BillShareView, 'userId'> {
  @Field(() => MoneyScalar) amount: string;
  @Field(() => DateTimeScalar, { nullable: true }) paidAt: string | null;
  /** Resolved as User by BillShareResolver. */
  userId: string;
}

@ObjectType('BillSplit')
export class BillSplitModel implements Omit<BillSplitView, 'createdById' | 'shares'> {
  @Field(() => ID) id: string;
  @Field(() => ID) conversationId: string;
  @Field(() => BillInfoModel) bill: BillInfoModel;
  @Field(() => [BillShareModel], { description: 'Equal shares in whole rials; the remainder falls on the creator.' })
  shares: BillShareModel[];
  @Field(() => MoneyScalar, { description: 'The sum of the shares paid in so far.' }) collected: string;
  @Field(() => BillSplitStatusEnum) status: BillSplitStatus;
  @Field(() => BillPaymentModel, { nullable: true, description: 'Set once PAID.' }) billPayment: BillPaymentModel | null;
  @Field(() => DateTimeScalar) createdAt: string;
  /** Resolved as User by BillSplitResolver. */
  createdById: string;
}
