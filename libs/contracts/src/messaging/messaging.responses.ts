import { IsoDate, PageInfo } from '../common/rpc';
import { MemberRole } from './messaging.requests';

export type ConversationKind = 'DIRECT' | 'GROUP';
export type MessageKind = 'TEXT' | 'SYSTEM' | 'PAYMENT' | 'BILL_PAYMENT' | 'POST_SHARE' | 'MONEY_REQUEST' | 'BILL_SPLIT';

export interface MessageReactionView {
  emoji: string;
  count: number;
  reactedByMe: boolean;
}

/** A message as one viewer sees it (reactedByMe is theirs). Users are ids: the gateway resolves them. */
export interface MessageView {
  id: string;
  conversationId: string;
  seq: number;
  kind: MessageKind;
  /** Null for SYSTEM messages. */
  senderId: string | null;
  clientId: string | null;
  /** Null once deleted for everyone. */
  text: string | null;
  replyToId: string | null;
  /** The replied-to message, one level deep, when the viewer may see it. */
  replyTo?: MessageView | null;
  forwardedFromId: string | null;
  /** The transfer, bill payment or post a PAYMENT / BILL_PAYMENT / POST_SHARE message shows. */
  refId: string | null;
  /** The media sent with it, in album order; empty once deleted for everyone. */
  mediaIds: string[];
  reactions: MessageReactionView[];
  editedAt: IsoDate | null;
  deletedAt: IsoDate | null;
  createdAt: IsoDate;
}

export interface MessagePage {
  edges: Array<{ node: MessageView; cursor: string }>;
  pageInfo: PageInfo;
}

/** A conversation as one viewer sees it. */
export interface ConversationView {
  id: string;
  kind: ConversationKind;
  /** The group's title; null for DIRECT (the gateway shows the peer's name). */
  title: string | null;
  /** DIRECT only: the other participant. */
  peerId: string | null;
  createdAt: IsoDate;
  memberCount: number;
  /** For a former member, the role they had. */
  myRole: MemberRole;
  /** False once the viewer left or was removed: they keep what they saw, read-only. */
  active: boolean;
  lastMessage: MessageView | null;
  unreadCount: number;
  lastReadSeq: number;
  peerReadSeq: number;
  pinnedMessage: MessageView | null;
  muted: boolean;
}

export interface ConversationPage {
  edges: Array<{ node: ConversationView; cursor: string }>;
  pageInfo: PageInfo;
}

export interface MemberView {
  userId: string;
  role: MemberRole;
  joinedAt: IsoDate;
}

export interface MemberPage {
  edges: Array<{ node: MemberView; cursor: string }>;
  pageInfo: PageInfo;
  totalCount: number;
}

export type UpdateType =
  'MessageAdded' | 'MessageEdited' | 'MessageDeleted' | 'ReadMarkerMoved' | 'ReactionsChanged' | 'ConversationChanged';

/**
 * One entry of a user's update stream. `type` is the GraphQL type name; the
 * fields present are those of that type. Cursors are decimal strings of the
 * user's stream position: dense (1, 2, 3, …) and strictly increasing.
 */
export interface UpdateView {
  cursor: string;
  type: UpdateType;
  conversationId: string;
  /** MessageAdded, MessageEdited. */
  message?: MessageView;
  /** MessageDeleted, ReactionsChanged. */
  messageId?: string;
  /** MessageDeleted. */
  seq?: number;
  /** ReadMarkerMoved. */
  userId?: string;
  lastReadSeq?: number;
  /** ReactionsChanged. */
  reactions?: MessageReactionView[];
  /** ConversationChanged. */
  conversation?: ConversationView;
}

export interface UpdatesPageView {
  updates: UpdateView[];
  cursor: string;
  hasMore: boolean;
}

/** Ephemeral, published to each other member's typing subject. */
export interface TypingView {
  conversationId: string;
  userId: string;
  at: IsoDate;
}
