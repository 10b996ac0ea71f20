import { DomainError } from '@app/common';
import { ContactView } from '@app/contracts';
import { toUserView, UserRow, USER_VIEW_COLUMNS } from '../users/user.row';

/** A contacts row with the user behind the number when the viewer may find them (columns of u null otherwise). */
export type ContactRow = Partial<UserRow> & { contact_phone: string; contact_name: string };

/**
 * The viewer's ($1) contacts joined to the users they may find: a number's
 * owner is found when they let everyone find them, or only their contacts and
 * they have the viewer's number among theirs; never when they blocked the viewer.
 */
export const CONTACTS_WITH_USERS = `
  SELECT c.phone AS contact_phone, c.name AS contact_name, ${USER_VIEW_COLUMNS}
    FROM contacts c
    LEFT JOIN users u ON u.phone = c.phone AND u.id <> $1
     AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = u.id AND b.blocked_id = $1)
     AND (u.find_by_phone = 'EVERYONE'
          OR (u.find_by_phone = 'CONTACTS'
              AND EXISTS (SELECT 1 FROM contacts mine JOIN users me ON me.id = $1
                           WHERE mine.owner_id = u.id AND mine.phone = me.phone)))
   WHERE c.owner_id = $1`;

export function toContactView(row: ContactRow, viewerId: string): ContactView {
  return {
    phone: row.contact_phone,
    name: row.contact_name,
    user: row.id ? toUserView(row as UserRow, viewerId) : null,
  };
}

/** Contacts are listed by name then number; the cursor is that pair. */
export function contactCursor(row: ContactRow): string {
  return Buffer.from(JSON.stringify([row.contact_name, row.contact_phone]), 'utf8').toString('base64url');
}

export function decodeContactCursor(cursor: string | null | undefined): [string, string] | null {
  if (!cursor) return null;
  try {
    const pair: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(pair) && pair.length === 2 && pair.every((v) => typeof v === 'string')) return pair as [string, string];
  } catch {
    // falls through to the refusal below
  }
  throw DomainError.badInput('after', 'This cursor is not valid here; pass an endCursor this list returned');
}
