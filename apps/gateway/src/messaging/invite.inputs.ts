import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DateTimeScalar } from '../graphql/scalars';

@InputType('CreateInviteLinkInput')
export class CreateInviteLinkInput {
  @Field(() => ID) @IsString() @MaxLength(64) conversationId: string;
  @Field(() => String, { description: '1..64 characters chosen by the client: a retry with the same key answers the same link.' })
  @IsString()
  @MaxLength(1024)
  idempotencyKey: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(1024) name?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'After this the link admits no one.' })
  @IsOptional()
  @IsString()
  expiresAt?: string | null;
  @Field(() => Int, { nullable: true, description: '1..100000 joins; not with requiresApproval.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  usageLimit?: number | null;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) @IsOptional() @IsBoolean() requiresApproval?: boolean | null;
}

@ArgsType()
export class InviteLinksArgs {
  @Field(() => ID) @IsString() @MaxLength(64) conversationId: string;
  @Field(() => Int, { nullable: true, defaultValue: 20 }) @IsOptional() @IsInt() @Min(1) @Max(100) first?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(256) after?: string | null;
}

@ArgsType()
export class JoinRequestArgs {
  @Field(() => ID) @IsString() @MaxLength(64) conversationId: string;
  @Field(() => ID) @IsString() @MaxLength(64) userId: string;
}

@ArgsType()
export class SetGroupHandleArgs {
  @Field(() => ID) @IsString() @MaxLength(64) conversationId: string;
  @Field(() => String, { nullable: true, description: '5..32 of a-z, 0-9 and _, starting with a letter; null makes the group private.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  handle?: string | null;
}
