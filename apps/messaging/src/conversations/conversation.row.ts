import { ConversationKind, ConversationView, MemberRole, MemberView } from '@app/contracts';
import { iso } from '../database/timestamps';
import { MessageViewSet } from '../messages/message.row';

/** A conversation with one member's (the viewer's) relation to it, as ConversationReader.viewMap selects it. */
export interface ConversationRow {
  id: string;
  kind: ConversationKind;
  title: string | null;
  handle: string | null;
  slow_mode_seconds: number;
  restricted_until: Date | null;
  created_at: Date;
  member_count: number;
  pinned_message_id: string | null;
  viewer_id: string;
  role: MemberRole;
  last_read_seq: number;
  muted: boolean;
  left_at: Date | null;
  visible_seq: number;
  peer_id: string | null;
  peer_read_seq: number;
  unread_count: number;
  last_message_id: string | null;
}

/** The conversation as its viewer sees it; messages holds its last and pinned messages. */
export function toConversationView(r: ConversationRow, messages: MessageViewSet): ConversationView {
  const pinned = r.pinned_message_id ? messages.row(r.pinned_message_id) : undefined;
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    handle: r.handle,
    slowModeSeconds: r.slow_mode_seconds,
    restrictedUntil: r.restricted_until && new Date(r.restricted_until).getTime() > Date.now() ? iso(r.restricted_until) : null,
    peerId: r.peer_id,
    createdAt: iso(r.created_at)!,
    memberCount: r.member_count,
    myRole: r.role,
    active: r.left_at === null,
    lastMessage: r.last_message_id ? messages.view(r.last_message_id, r.viewer_id) : null,
    unreadCount: r.unread_count,
    lastReadSeq: r.last_read_seq,
    peerReadSeq: r.peer_read_seq,
    // A former member sees the pin only if it is among what they may still read.
    pinnedMessage: pinned && pinned.seq <= r.visible_seq ? messages.view(pinned.id, r.viewer_id) : null,
    muted: r.muted,
  };
}

/** A member row joined with its conversation, as ConversationReader.membership selects it. */
export interface MembershipRow {
  kind: ConversationKind;
  role: MemberRole;
  left_at: Date | null;
  visible_seq: number;
}

/** What a member row says about the viewer's access to a conversation. */
export interface Membership {
  conversationId: string;
  kind: ConversationKind;
  role: MemberRole;
  active: boolean;
  /** The last seq the viewer may read (former members: up to when they left). */
  visibleSeq: number;
}

export function toMembership(conversationId: string, row: MembershipRow): Membership {
  return { conversationId, kind: row.kind, role: row.role, active: row.left_at === null, visibleSeq: row.visible_seq };
}

/** A current member, as the member list selects it; join_order is the list's cursor. */
export interface MemberRow {
  user_id: string;
  role: MemberRole;
  joined_at: Date;
  join_order: string;
}

export function toMemberView(row: MemberRow): MemberView {
  return { userId: row.user_id, role: row.role, joinedAt: row.joined_at.toISOString() };
}
