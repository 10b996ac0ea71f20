import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { REPORT_REASONS, ReportReason } from '@app/contracts';
import { DateTimeScalar } from '../graphql/scalars';

export enum ReportReasonEnum {
  SPAM = 'SPAM',
  VIOLENCE = 'VIOLENCE',
  PORNOGRAPHY = 'PORNOGRAPHY',
  CHILD_ABUSE = 'CHILD_ABUSE',
  ILLEGAL = 'ILLEGAL',
  PERSONAL_DATA = 'PERSONAL_DATA',
  OTHER = 'OTHER',
}
registerEnumType(ReportReasonEnum, { name: 'ReportReason' });

@ObjectType('Report', { description: 'A report kept for an operator to review.' })
export class ReportModel {
  @Field(() => ID) id: string;
  @Field(() => ReportReasonEnum) reason: ReportReason;
  @Field(() => ID, { nullable: true }) messageId: string | null;
  @Field(() => ID, { nullable: true, description: 'The user reported (for a message: its sender).' }) userId: string | null;
  @Field(() => DateTimeScalar) createdAt: string;
}

@InputType('ReportInput')
export class ReportInput {
  @Field(() => String, { description: '1..64 characters chosen by the client: a retry answers the same report.' })
  @IsString()
  @MaxLength(1024)
  idempotencyKey: string;
  @Field(() => ID, { nullable: true, description: 'A message the reporter can read.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  messageId?: string | null;
  @Field(() => ID, { nullable: true, description: 'A user, when no message is given.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  userId?: string | null;
  @Field(() => ReportReasonEnum) @IsIn(REPORT_REASONS) reason: ReportReason;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(4096) comment?: string | null;
}

@ArgsType()
export class SlowModeArgs {
  @Field(() => ID) @IsString() @MaxLength(64) conversationId: string;
  @Field(() => Int, { description: "Seconds between a member's messages, 0..86400; 0 turns slow mode off." })
  @IsInt()
  @Min(0)
  @Max(86_400)
  seconds: number;
}

@ArgsType()
export class RestrictArgs {
  @Field(() => ID) @IsString() @MaxLength(64) conversationId: string;
  @Field(() => ID) @IsString() @MaxLength(64) userId: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Until then; null for good (until lifted).' })
  @IsOptional()
  @IsString()
  until?: string | null;
}

@ArgsType()
export class MemberTargetArgs {
  @Field(() => ID) @IsString() @MaxLength(64) conversationId: string;
  @Field(() => ID) @IsString() @MaxLength(64) userId: string;
}
