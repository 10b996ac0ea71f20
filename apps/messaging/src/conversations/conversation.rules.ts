import { DomainError } from '@app/common';
import { ConversationKind, MemberRole } from '@app/contracts';
import { normalizeDisplayText } from '@app/persian';

/**
 * Who may do what in a conversation: the one place these rules are written.
 * The services call `allow(...)` inside the transaction that holds the
 * conversation's lock, so a concurrent role change cannot slip between the
 * check and the write. The gateway enforces none of this.
 *
 * | action                     | DIRECT       | GROUP                                        |
 * |----------------------------|--------------|----------------------------------------------|
 * | send, react, mark read     | both         | everyone                                     |
 * | rename                     | —            | OWNER, ADMIN                                 |
 * | add members                | —            | OWNER, ADMIN                                 |
 * | remove a member            | —            | OWNER removes ADMIN/MEMBER; ADMIN removes MEMBER |
 * | set a role                 | —            | OWNER, on anyone but themself (OWNER included) |
 * | pin / unpin                | both         | OWNER, ADMIN                                 |
 * | delete others' messages    | —            | OWNER, ADMIN (their own: always, as sender)  |
 * | leave                      | —            | everyone (the last OWNER hands over: oldest ADMIN, else oldest MEMBER) |
 * | invite links, join requests | —           | OWNER, ADMIN                                 |
 * | public handle              | —            | OWNER                                        |
 * | slow mode                  | —            | OWNER, ADMIN (both exempt from it)           |
 * | restrict, delete all of a member's messages | — | as removing that member                 |
 */
export type GroupAction = 'rename' | 'addMembers' | 'pin' | 'deleteOthers' | 'setRole' | 'invite' | 'setHandle' | 'moderate';

const GROUP_RULES: Record<GroupAction, readonly MemberRole[]> = {
  rename: ['OWNER', 'ADMIN'],
  addMembers: ['OWNER', 'ADMIN'],
  pin: ['OWNER', 'ADMIN'],
  deleteOthers: ['OWNER', 'ADMIN'],
  setRole: ['OWNER'],
  invite: ['OWNER', 'ADMIN'],
  setHandle: ['OWNER'],
  moderate: ['OWNER', 'ADMIN'],
};

/** Actions that only make sense in a group. */
const GROUP_ONLY: ReadonlySet<GroupAction> = new Set(['rename', 'addMembers', 'setRole', 'invite', 'setHandle', 'moderate']);

export function can(kind: ConversationKind, role: MemberRole, action: GroupAction): boolean {
  if (kind === 'DIRECT') return action === 'pin';
  return GROUP_RULES[action].includes(role);
}

export function allow(kind: ConversationKind, role: MemberRole, action: GroupAction): void {
  if (kind === 'DIRECT' && GROUP_ONLY.has(action)) {
    throw DomainError.badInput('conversationId', 'This is a direct conversation, not a group');
  }
  if (!can(kind, role, action)) throw DomainError.forbidden(`Your role (${role}) may not ${describe(action)}`);
}

/** Whether `actor` may remove `target` from a group. */
export function allowRemove(kind: ConversationKind, actor: MemberRole, target: MemberRole): void {
  if (kind === 'DIRECT') throw DomainError.badInput('conversationId', 'This is a direct conversation, not a group');
  const ok = (actor === 'OWNER' && target !== 'OWNER') || (actor === 'ADMIN' && target === 'MEMBER');
  if (!ok) throw DomainError.forbidden(`Your role (${actor}) may not remove a member whose role is ${target}`);
}

function describe(action: GroupAction): string {
  switch (action) {
    case 'rename':
      return 'rename this group';
    case 'addMembers':
      return 'add members';
    case 'pin':
      return 'pin messages here';
    case 'deleteOthers':
      return "delete others' messages";
    case 'setRole':
      return 'change roles';
    case 'invite':
      return 'manage invite links and join requests';
    case 'setHandle':
      return "set the group's public handle";
    case 'moderate':
      return 'set slow mode';
  }
}

const TITLE_MAX = 128;

/** A group's title as people typed it, with display repairs and runs of spaces made one. */
export function cleanTitle(input: string): string {
  const title = normalizeDisplayText(input).replace(/\s+/g, ' ');
  if (!title) throw DomainError.badInput('title', 'A group needs a title');
  if ([...title].length > TITLE_MAX) throw DomainError.badInput('title', `A title has at most ${TITLE_MAX} characters`);
  return title;
}
