import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

/**
 * What other services ask of messaging. Fixed wire names: payments and news
 * depend on them. (Messaging's own subjects for the gateway live beside.)
 * The callers are services acting for a user, so the users here are named
 * by their part (userId, senderId), not viewerId; the names stay as published.
 */
export const MessagingIntegrationSubjects = {
  /** Posts a PAYMENT / BILL_PAYMENT / POST_SHARE message on behalf of a member; idempotent by (sender, conversation, clientId). */
  AttachMessage: 'messaging.message.attach.v1',
  /** The direct conversation between two users, created if missing (refused when either blocked the other). */
  DirectConversation: 'messaging.conversation.direct.v1',
  /** Whether a user is a current member of a conversation. */
  CheckMember: 'messaging.member.check.v1',
  /** Whether a user may see a media through a message (media asks, for Query.media). */
  MediaVisible: 'messaging.media.visible.v1',
} as const;

export const ATTACHMENT_KINDS = ['PAYMENT', 'BILL_PAYMENT', 'POST_SHARE', 'MONEY_REQUEST', 'BILL_SPLIT'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export class AttachMessageRequest {
  @IsUUID() conversationId: string;
  @IsUUID() senderId: string;
  @IsIn(ATTACHMENT_KINDS) kind: AttachmentKind;
  /** The id of the transfer, bill payment or post the message shows (Message.refId). */
  @IsString() @MaxLength(64) refId: string;
  @IsOptional() @IsString() @MaxLength(4096) text?: string | null;
  @IsString() @MaxLength(64) clientId: string;
}

export class DirectConversationRequest {
  /** The user on whose behalf (the payer); blocks are checked as if they started the conversation. */
  @IsUUID() userId: string;
  @IsUUID() otherUserId: string;
}

export interface DirectConversationResponse {
  conversationId: string;
}

export class CheckMemberRequest {
  @IsUUID() conversationId: string;
  @IsUUID() userId: string;
}

export interface CheckMemberResponse {
  member: boolean;
}

export class MediaVisibleRequest {
  @IsUUID() userId: string;
  @IsUUID() mediaId: string;
}

export interface MediaVisibleResponse {
  visible: boolean;
}
