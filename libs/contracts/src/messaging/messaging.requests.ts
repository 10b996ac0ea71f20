import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

/**
 * Ids a client typed (conversation, message, user) are plain strings here: a
 * malformed id is simply not found (NOT_FOUND), never a validation error that
 * would tell ids apart. The viewer's own id comes from the gateway's token.
 */
const ID_MAX = 64;
export const MEMBER_ROLES = ['OWNER', 'ADMIN', 'MEMBER'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export class MessagingViewerRequest {
  @IsUUID() viewerId: string;
}

export class ConversationRequest extends MessagingViewerRequest {
  @IsString() @MaxLength(ID_MAX) conversationId: string;
}

export class StartDirectRequest extends MessagingViewerRequest {
  @IsString() @MaxLength(ID_MAX) userId: string;
}

export class CreateGroupRequest extends MessagingViewerRequest {
  @IsString() @MaxLength(1024) title: string;
  @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) @MaxLength(ID_MAX, { each: true }) memberIds: string[];
}

export class RenameGroupRequest extends ConversationRequest {
  @IsString() @MaxLength(1024) title: string;
}

export class AddMembersRequest extends ConversationRequest {
  @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) @MaxLength(ID_MAX, { each: true }) userIds: string[];
}

export class MemberRequest extends ConversationRequest {
  @IsString() @MaxLength(ID_MAX) userId: string;
}

export class SetMemberRoleRequest extends MemberRequest {
  @IsIn(MEMBER_ROLES) role: MemberRole;
}

export class SetMutedRequest extends ConversationRequest {
  @IsBoolean() muted: boolean;
}

export class PinRequest extends ConversationRequest {
  @IsOptional() @IsString() @MaxLength(ID_MAX) messageId?: string | null;
}

export class MarkReadRequest extends ConversationRequest {
  @IsInt() @Min(0) upToSeq: number;
}

export class MessagingPageRequest extends MessagingViewerRequest {
  @IsOptional() @IsInt() @Min(1) @Max(100) first?: number | null;
  @IsOptional() @IsString() @MaxLength(256) after?: string | null;
}

export class ListMembersRequest extends MessagingPageRequest {
  @IsString() @MaxLength(ID_MAX) conversationId: string;
}

export class ListMessagesRequest extends ConversationRequest {
  @IsOptional() @IsInt() @Min(1) @Max(100) first?: number | null;
  @IsOptional() @IsString() @MaxLength(256) after?: string | null;
  @IsOptional() @IsInt() @Min(1) @Max(100) last?: number | null;
  @IsOptional() @IsString() @MaxLength(256) before?: string | null;
}

export class GetMessagesRequest extends MessagingViewerRequest {
  @IsArray() @ArrayMaxSize(500) @IsString({ each: true }) @MaxLength(ID_MAX, { each: true }) ids: string[];
}

export class SearchMessagesRequest extends MessagingPageRequest {
  @IsString() @MaxLength(256) query: string;
  @IsOptional() @IsString() @MaxLength(ID_MAX) conversationId?: string | null;
}

export class SendMessageRequest extends ConversationRequest {
  /** 1..64 characters chosen by the client: the idempotency key. */
  @IsString() @MaxLength(1024) clientId: string;
  @IsString() @MaxLength(65536) text: string;
  @IsOptional() @IsString() @MaxLength(ID_MAX) replyToId?: string | null;
  /** The album: the sender's finished uploads (the media service checks them; at most 10). */
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(ID_MAX, { each: true }) mediaIds?: string[] | null;
}

export class MessageRequest extends MessagingViewerRequest {
  @IsString() @MaxLength(ID_MAX) messageId: string;
}

export class EditMessageRequest extends MessageRequest {
  @IsString() @MaxLength(65536) text: string;
}

export class DeleteMessageRequest extends MessageRequest {
  @IsBoolean() forEveryone: boolean;
}

export class ForwardMessageRequest extends MessageRequest {
  @IsString() @MaxLength(ID_MAX) toConversationId: string;
  @IsString() @MaxLength(1024) clientId: string;
}

export class ReactRequest extends MessageRequest {
  /** null removes the viewer's reaction. */
  @IsOptional() @IsString() @MaxLength(64) emoji?: string | null;
}

export class ListUpdatesRequest extends MessagingViewerRequest {
  /** null: no updates, only the current cursor. */
  @IsOptional() @IsString() @MaxLength(64) after?: string | null;
  @IsInt() @Min(1) @Max(1000) limit: number;
}
