import { Field, ID, InputType } from '@nestjs/graphql';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { MoneyScalar } from '../graphql/scalars';

@InputType('PayoutInput')
export class PayoutInput {
  @Field(() => ID) @IsString() @MaxLength(64) bankAccountId: string;
  @Field(() => MoneyScalar) @IsString() amount: string;
  @Field(() => String) @IsString() @MinLength(1) @MaxLength(256) idempotencyKey: string;
}
