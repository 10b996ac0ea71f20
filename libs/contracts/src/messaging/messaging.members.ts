import { ArrayMaxSize, IsArray, IsString, IsUUID, MaxLength } from 'class-validator';
import { ConversationKind } from './messaging.responses';

/** For payments' money in chats: who of some users are current members, and who the two of a direct conversation are. */
export const MessagingMembersSubjects = {
  ConversationMembers: 'messaging.conversation.members.v1',
} as const;

export class ConversationMembersRequest {
  @IsString() @MaxLength(64) conversationId: string;
  @IsArray() @ArrayMaxSize(1000) @IsUUID('all', { each: true }) userIds: string[];
}

export interface ConversationMembersResponse {
  /** Null when there is no such conversation. */
  kind: ConversationKind | null;
  /** The users asked about who are current members. */
  members: string[];
  /** A direct conversation's two users. */
  directPair: string[] | null;
}
