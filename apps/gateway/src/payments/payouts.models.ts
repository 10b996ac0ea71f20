import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { BankAccountView, IbanView, PayoutQuoteView, PayoutView } from '@app/contracts';
import { DateTimeScalar, MoneyScalar } from '../graphql/scalars';
import { PageInfoModel } from '../graphql/models/page-info.model';

export enum PayoutStatusEnum {
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(PayoutStatusEnum, { name: 'PayoutStatus' });

@ObjectType('BankAccount')
export class BankAccountModel implements Omit<BankAccountView, 'bankCode'> {
  @Field(() => ID) id: string;
  @Field(() => String, { description: 'IR and 24 digits, as stored (Sheba).' }) iban: string;
  @Field(() => String, { description: "The bank, from the IBAN's bank code." }) bankName: string;
  @Field(() => String, { nullable: true, description: "The holder's name as the bank's inquiry reports it." }) ownerName: string | null;
  @Field(() => DateTimeScalar) createdAt: string;
  @Field(() => String, { description: "The bank's colour (#rrggbb), for its badge." }) bankColor: string;
}

@ObjectType('IbanInfo', { description: 'What an IBAN names, before it is saved.' })
export class IbanInfoModel implements Omit<IbanView, 'bankCode'> {
  @Field(() => String, { description: 'IR and 24 digits.' }) iban: string;
  @Field(() => String) bankName: string;
  @Field(() => String, { description: '#rrggbb' }) bankColor: string;
}

@ObjectType('Payout')
export class PayoutModel implements Omit<PayoutView, 'bankAccount'> {
  @Field(() => ID) id: string;
  @Field(() => MoneyScalar, { description: 'What reaches the bank account.' }) amount: string;
  @Field(() => MoneyScalar, { description: 'Taken on top of amount; "0" where there is none.' }) fee: string;
  @Field(() => BankAccountModel) bankAccount: BankAccountModel;
  @Field(() => PayoutStatusEnum) status: PayoutView['status'];
  @Field(() => String) trackingCode: string;
  @Field(() => String, { nullable: true, description: "The bank's reference once it settled." }) bankReference: string | null;
  @Field(() => String, { nullable: true, description: 'Why it failed, in words a person understands; the money is back in the wallet.' })
  failureReason: string | null;
  @Field(() => DateTimeScalar) createdAt: string;
  @Field(() => DateTimeScalar, { nullable: true }) completedAt: string | null;
  @Field(() => Boolean, { description: 'cancelPayout can still stop it: PENDING and not yet sent to the bank.' }) cancellable: boolean;
}

@ObjectType('PayoutEdge')
export class PayoutEdgeModel {
  @Field(() => PayoutModel) node: PayoutModel;
  @Field(() => String) cursor: string;
}

@ObjectType('PayoutConnection')
export class PayoutConnectionModel {
  @Field(() => [PayoutEdgeModel]) edges: PayoutEdgeModel[];
  @Field(() => PageInfoModel) pageInfo: PageInfoModel;
}

@ObjectType('PayoutQuote', { description: 'What a payout of an amount costs and what the limits allow, before it is asked for.' })
export class PayoutQuoteModel implements PayoutQuoteView {
  @Field(() => MoneyScalar) amount: string;
  @Field(() => MoneyScalar) fee: string;
  @Field(() => MoneyScalar, { description: 'amount + fee: what leaves the wallet.' }) total: string;
  @Field(() => MoneyScalar) minAmount: string;
  @Field(() => MoneyScalar) maxAmount: string;
  @Field(() => MoneyScalar, { description: 'What may still be paid out today (Tehran day).' }) dailyRemaining: string;
}
