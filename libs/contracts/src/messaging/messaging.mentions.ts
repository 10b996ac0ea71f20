import { ArrayMaxSize, IsArray, IsString, MaxLength } from 'class-validator';
import { MessagingViewerRequest } from './messaging.requests';

/** Mentions (served by messaging, for the gateway). */
export const MessagingMentionSubjects = {
  MessageEntities: 'messaging.message.entities.v1',
  UnreadMentions: 'messaging.mention.unread.v1',
} as const;

/**
 * A mention chosen in a picker: the user and where the name sits in the
 * text, in UTF-16 code units (JavaScript string indices), as the client sent
 * the text. @username mentions need no entity: the service finds them.
 */
export interface MentionInput {
  offset: number;
  length: number;
  userId: string;
}

export type MessageEntityKind = 'MENTION' | 'TEXT_MENTION';

/** A stored entity of a message's text; offsets in UTF-16 code units of the stored text. */
export interface MessageEntityView {
  kind: MessageEntityKind;
  offset: number;
  length: number;
  userId: string;
}

export class MessageEntitiesRequest extends MessagingViewerRequest {
  @IsArray() @ArrayMaxSize(500) @IsString({ each: true }) @MaxLength(64, { each: true }) messageIds: string[];
}

export interface MessageEntitiesView {
  messageId: string;
  entities: MessageEntityView[];
}

export class UnreadMentionsRequest extends MessagingViewerRequest {
  @IsArray() @ArrayMaxSize(500) @IsString({ each: true }) @MaxLength(64, { each: true }) conversationIds: string[];
}

export interface UnreadMentionsView {
  conversationId: string;
  /** Messages mentioning the viewer above their read marker, not deleted. */
  count: number;
  /** Their seqs, oldest first (at most 100): where "jump to mention" goes. */
  seqs: number[];
}
