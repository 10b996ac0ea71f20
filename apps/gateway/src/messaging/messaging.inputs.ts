import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { MEMBER_ROLES, MemberRole } from '@app/contracts';
import { MemberRoleEnum } from './conversation.model';

/** Ids are opaque: only their length is checked here; an unknown one is NOT_FOUND from messaging. */
const ID_MAX = 64;
/** Generous: messaging applies the real limit (4096 characters after trimming and repair). */
const TEXT_MAX = 65536;

@InputType('SendMessageInput')
export class SendMessageInput {
  @Field(() => ID) @IsString() @MaxLength(ID_MAX) conversationId: string;
  @Field(() => String, { description: '1..64 characters chosen by the client; makes the send idempotent.' })
  @IsString()
  @Length(1, 64)
  clientId: string;
  @Field(() => String, { description: '1..4096 characters after trimming.' }) @IsString() @MaxLength(TEXT_MAX) text: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() @MaxLength(ID_MAX) replyToId?: string | null;
  @Field(() => [ID], {
    nullable: true,
    description: "Up to 10 of the sender's finished uploads; with media, text may be empty (a caption is optional).",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(ID_MAX, { each: true })
  mediaIds?: string[] | null;
}

@ArgsType()
export class ConversationsArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20 }) @IsOptional() @IsInt() @Min(1) @Max(100) first?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(256) after?: string | null;
}

@ArgsType()
export class MembersArgs {
  @Field(() => Int, { nullable: true, defaultValue: 50 }) @IsOptional() @IsInt() @Min(1) @Max(100) first?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(256) after?: string | null;
}

@ArgsType()
export class MessagesArgs {
  @Field(() => ID) @IsString() @MaxLength(ID_MAX) conversationId: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(100) first?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(256) after?: string | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(100) last?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(256) before?: string | null;
}

@ArgsType()
export class SearchMessagesArgs {
  @Field(() => String) @IsString() @MaxLength(256) query: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() @MaxLength(ID_MAX) conversationId?: string | null;
  @Field(() => Int, { nullable: true, defaultValue: 20 }) @IsOptional() @IsInt() @Min(1) @Max(100) first?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(256) after?: string | null;
}

@ArgsType()
export class UpdatesArgs {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(64) after?: string | null;
  @Field(() => Int, { nullable: true, defaultValue: 100 }) @IsOptional() @IsInt() @Min(1) @Max(100) limit?: number | null;
}

@ArgsType()
export class CreateGroupArgs {
  @Field(() => String) @IsString() @MaxLength(1024) title: string;
  @Field(() => [ID]) @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) @MaxLength(ID_MAX, { each: true }) memberIds: string[];
}

@ArgsType()
export class RenameGroupArgs {
  @Field(() => ID) @IsString() @MaxLength(ID_MAX) conversationId: string;
  @Field(() => String) @IsString() @MaxLength(1024) title: string;
}

@ArgsType()
export class AddMembersArgs {
  @Field(() => ID) @IsString() @MaxLength(ID_MAX) conversationId: string;
  @Field(() => [ID]) @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) @MaxLength(ID_MAX, { each: true }) userIds: string[];
}

@ArgsType()
export class MemberArgs {
  @Field(() => ID) @IsString() @MaxLength(ID_MAX) conversationId: string;
  @Field(() => ID) @IsString() @MaxLength(ID_MAX) userId: string;
}

@ArgsType()
export class SetMemberRoleArgs extends MemberArgs {
  @Field(() => MemberRoleEnum) @IsIn(MEMBER_ROLES) role: MemberRole;
}

@ArgsType()
export class SetMutedArgs {
  @Field(() => ID) @IsString() @MaxLength(ID_MAX) conversationId: string;
  @Field(() => Boolean) @IsBoolean() muted: boolean;
}

@ArgsType()
export class PinMessageArgs {
  @Field(() => ID) @IsString() @MaxLength(ID_MAX) conversationId: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() @MaxLength(ID_MAX) messageId?: string | null;
}

@ArgsType()
export class MarkReadArgs {
  @Field(() => ID) @IsString() @MaxLength(ID_MAX) conversationId: string;
  @Field(() => Int) @IsInt() @Min(0) upToSeq: number;
}

@ArgsType()
export class EditMessageArgs {
  @Field(() => ID) @IsString() @MaxLength(ID_MAX) messageId: string;
  @Field(() => String) @IsString() @MaxLength(TEXT_MAX) text: string;
}

@ArgsType()
export class DeleteMessageArgs {
  @Field(() => ID) @IsString() @MaxLength(ID_MAX) messageId: string;
  @Field(() => Boolean, { nullable: true, defaultValue: true }) @IsOptional() @IsBoolean() forEveryone?: boolean | null;
}

@ArgsType()
export class ForwardMessageArgs {
  @Field(() => ID) @IsString() @MaxLength(ID_MAX) messageId: string;
  @Field(() => ID) @IsString() @MaxLength(ID_MAX) toConversationId: string;
  @Field(() => String) @IsString() @Length(1, 64) clientId: string;
}

@ArgsType()
export class ReactArgs {
  @Field(() => ID) @IsString() @MaxLength(ID_MAX) messageId: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(64) emoji?: string | null;
}
