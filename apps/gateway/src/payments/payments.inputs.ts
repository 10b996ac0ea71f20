import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { MoneyScalar } from '../graphql/scalars';

@InputType('TransferInput')
export class TransferInput {
  @Field(() => ID) @IsString() @MaxLength(64) toUserId: string;
  @Field(() => MoneyScalar) @IsString() amount: string;
  @Field(() => String, { description: 'Retrying with the same key returns the first result and moves no money twice.' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  idempotencyKey: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(2000) note?: string | null;
  @Field(() => ID, { nullable: true, description: 'Post the transfer here; by default, in the direct conversation with the recipient.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  conversationId?: string | null;
}

@InputType('PayBillInput')
export class PayBillInput {
  @Field(() => String, { description: 'Persian or Latin digits; spaces and dashes are ignored.' })
  @IsString()
  @MaxLength(128)
  billId: string;
  @Field(() => String) @IsString() @MaxLength(128) paymentId: string;
  @Field(() => String) @IsString() @MinLength(1) @MaxLength(256) idempotencyKey: string;
  @Field(() => ID, { nullable: true, description: 'Share the receipt in this conversation as a BILL_PAYMENT message.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  conversationId?: string | null;
}

/** first 1..100 (BAD_USER_INPUT otherwise), default 20. */
@ArgsType()
export class PaymentsPageArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20 }) @IsOptional() @IsInt() @Min(1) @Max(100) first?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(128) after?: string | null;
}

@ArgsType()
export class StartTopUpArgs {
  @Field(() => MoneyScalar) @IsString() amount: string;
  @Field(() => String) @IsString() @MinLength(1) @MaxLength(256) idempotencyKey: string;
}

@ArgsType()
export class InspectBillArgs {
  @Field(() => String) @IsString() @MaxLength(128) billId: string;
  @Field(() => String) @IsString() @MaxLength(128) paymentId: string;
}
