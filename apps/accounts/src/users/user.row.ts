import { PhoneDiscovery, UserView } from '@app/contracts';

/** A users row with the viewer's relation to it, as the queries below select it. */
export interface UserRow {
  id: string;
  phone: string;
  display_name: string;
  username: string | null;
  bio: string | null;
  show_last_seen: boolean;
  find_by_phone: PhoneDiscovery;
  last_seen_at: Date | null;
  password_hash: string | null;
  created_at: Date;
  blocked_by_viewer?: boolean;
  blocks_viewer?: boolean;
  online?: boolean;
}

/** Columns plus whether the viewer ($1) blocked the user and the user blocked the viewer. */
export const USER_VIEW_COLUMNS = `u.id, u.phone, u.display_name, u.username, u.bio, u.show_last_seen, u.find_by_phone, u.last_seen_at, u.created_at,
  EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = $1 AND b.blocked_id = u.id) AS blocked_by_viewer,
  EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = u.id AND b.blocked_id = $1) AS blocks_viewer,
  EXISTS (SELECT 1 FROM presence p WHERE p.user_id = u.id AND p.expires_at > now()) AS online`;

/**
 * Privacy is applied here and only here: the phone is the owner's alone, and
 * last seen is hidden when its owner hides it or has blocked the viewer.
 */
export function toUserView(row: UserRow, viewerId: string): UserView {
  const self = row.id === viewerId;
  const showLastSeen = self || (row.show_last_seen && !row.blocks_viewer);
  return {
    id: row.id,
    displayName: row.display_name,
    username: row.username,
    bio: row.bio,
    phone: self ? row.phone : null,
    lastSeenAt: showLastSeen && row.last_seen_at ? new Date(row.last_seen_at).toISOString() : null,
    online: showLastSeen && Boolean(row.online),
    blockedByMe: !self && Boolean(row.blocked_by_viewer),
    createdAt: new Date(row.created_at).toISOString(),
    findByPhone: self ? row.find_by_phone : null,
  };
}
