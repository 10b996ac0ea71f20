import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { MoneyScalar } from '../graphql/scalars';

@InputType('MoneyRequestInput')
export class MoneyRequestInput {
  @Field(() => ID) @IsString() @MaxLength(64) conversationId: string;
  @Field(() => MoneyScalar) @IsString() amount: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(2000) note?: string | null;
  @Field(() => ID, {
    nullable: true,
    description: 'In a DIRECT conversation, the other member (the default); in a group, a member or null.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  payerId?: string | null;
  @Field(() => String, { description: 'Makes the request idempotent, as for sendMessage.' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  clientId: string;
}

@InputType('SplitBillInput')
export class SplitBillInput {
  @Field(() => ID) @IsString() @MaxLength(64) conversationId: string;
  @Field(() => String) @IsString() @MaxLength(128) billId: string;
  @Field(() => String) @IsString() @MaxLength(128) paymentId: string;
  @Field(() => [ID], { description: 'Members of the conversation who share the bill; the creator is always one of them.' })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  memberIds: string[];
  @Field(() => String) @IsString() @MinLength(1) @MaxLength(64) clientId: string;
}
