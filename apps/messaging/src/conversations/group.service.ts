import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError, isUuid, queryRow, queryRows } from '@app/common';
import {
  AddMembersRequest,
  ConversationView,
  CreateGroupRequest,
  MemberRequest,
  MemberRole,
  RenameGroupRequest,
  SetMemberRoleRequest,
} from '@app/contracts';
import { AccountsClient } from '../clients/accounts.client';
import { MessagingEnv } from '../config/messaging.env';
import { SystemText } from '../messages/message.rules';
import { MessageWriter } from '../messages/message.writer';
import { Delivery } from '../updates/live.publisher';
import { appendToMembers, UpdateWriter } from '../updates/update.writer';
import { ConversationReader } from './conversation.reader';
import { Membership } from './conversation.row';
import { allow, allowRemove, cleanTitle } from './conversation.rules';

/**
 * Group membership. Every change runs in one transaction that first locks
 * the conversation row (FOR UPDATE: senders and other changes wait), checks
 * the actor's role there (conversation.rules.ts), changes member rows, then posts its
 * SYSTEM message and the ConversationChanged updates; all of it is pushed
 * live after the commit.
 */
@Injectable()
export class GroupService {
  constructor(
    private readonly env: MessagingEnv,
    private readonly reader: ConversationReader,
    private readonly writer: MessageWriter,
    private readonly accounts: AccountsClient,
    private readonly updates: UpdateWriter,
  ) {}

  async create(req: CreateGroupRequest): Promise<ConversationView> {
    const title = cleanTitle(req.title);
    const others = this.userIds(req.memberIds, 'memberIds').filter((id) => id !== req.viewerId);
    if (others.length + 1 > this.env.GROUP_MAX_MEMBERS)
      throw DomainError.badInput('memberIds', `A group has at most ${this.env.GROUP_MAX_MEMBERS} members`);
    const names = await this.accounts.requireUsers(req.viewerId, [req.viewerId, ...others], 'memberIds');
    await this.accounts.assertNoneBlocked(req.viewerId, others, names);
    const { id } = await this.updates.change(async (db, out) => {
      const [conv] = await queryRows<{ id: string }>(
        db,
        `INSERT INTO conversations (kind, title, member_count, created_by) VALUES ('GROUP', $1, $2, $3) RETURNING id`,
        [title, others.length + 1, req.viewerId],
      );
      await db.query(
        `INSERT INTO members (conversation_id, user_id, role)
         SELECT $1, u, CASE WHEN u = $2 THEN 'OWNER' ELSE 'MEMBER' END FROM unnest($3::uuid[]) WITH ORDINALITY AS t(u, ord) ORDER BY ord`,
        [conv.id, req.viewerId, [req.viewerId, ...others]],
      );
      await this.system(db, out, conv.id, SystemText.created(names.get(req.viewerId)!.displayName, title));
      await this.changed(db, out, conv.id);
      return { id: conv.id };
    });
    return this.reader.view(req.viewerId, id);
  }

  async rename(req: RenameGroupRequest): Promise<ConversationView> {
    const title = cleanTitle(req.title);
    const actor = await this.name(req.viewerId, req.viewerId);
    await this.updates.change(async (db, out) => {
      const me = await this.actor(db, req.viewerId, req.conversationId);
      allow(me.kind, me.role, 'rename');
      const changed = await queryRows<{ id: string }>(
        db,
        `UPDATE conversations SET title = $2 WHERE id = $1 AND title <> $2 RETURNING id`,
        [req.conversationId, title],
      );
      if (!changed.length) return;
      await this.system(db, out, req.conversationId, SystemText.renamed(actor, title));
      await this.changed(db, out, req.conversationId);
    });
    return this.reader.view(req.viewerId, req.conversationId);
  }

  /** Adds new members and brings back former ones; current members are left as they are. */
  async addMembers(req: AddMembersRequest): Promise<ConversationView> {
    const ids = this.userIds(req.userIds, 'userIds');
    if (!ids.length) throw DomainError.badInput('userIds', 'Name at least one user to add');
    const names = await this.accounts.requireUsers(req.viewerId, [req.viewerId, ...ids], 'userIds');
    await this.accounts.assertNoneBlocked(req.viewerId, ids, names);
    await this.updates.change(async (db, out) => {
      const me = await this.actor(db, req.viewerId, req.conversationId);
      allow(me.kind, me.role, 'addMembers');
      const added = await queryRows<{ user_id: string }>(
        db,
        `INSERT INTO members (conversation_id, user_id, role) SELECT $1, u, 'MEMBER' FROM unnest($2::uuid[]) AS u
         ON CONFLICT (conversation_id, user_id) DO UPDATE
           SET role = 'MEMBER', left_at = NULL, left_reason = NULL, until_seq = NULL,
               joined_at = clock_timestamp(), join_order = nextval('member_join_order')
           WHERE members.left_at IS NOT NULL
         RETURNING user_id`,
        [req.conversationId, ids],
      );
      if (!added.length) return;
      const [{ member_count }] = await queryRows<{ member_count: number }>(
        db,
        `UPDATE conversations SET member_count = member_count + $2 WHERE id = $1 RETURNING member_count`,
        [req.conversationId, added.length],
      );
      if (member_count > this.env.GROUP_MAX_MEMBERS)
        throw DomainError.badInput('userIds', `A group has at most ${this.env.GROUP_MAX_MEMBERS} members`);
      const addedNames = ids.filter((id) => added.some((a) => a.user_id === id)).map((id) => names.get(id)!.displayName);
      await this.system(db, out, req.conversationId, SystemText.added(names.get(req.viewerId)!.displayName, addedNames));
      await this.changed(db, out, req.conversationId);
    });
    return this.reader.view(req.viewerId, req.conversationId);
  }

  /** The removed member keeps what they saw, up to the message announcing it, and receives nothing after. */
  async removeMember(req: MemberRequest): Promise<ConversationView> {
    if (req.userId === req.viewerId) throw DomainError.badInput('userId', 'To remove yourself, leave the conversation');
    const [actor, target] = await Promise.all([this.name(req.viewerId, req.viewerId), this.name(req.viewerId, req.userId)]);
    await this.updates.change(async (db, out) => {
      const me = await this.actor(db, req.viewerId, req.conversationId);
      const role = await this.targetRole(db, req.conversationId, req.userId);
      allowRemove(me.kind, me.role, role);
      await this.depart(db, req.conversationId, req.userId, 'REMOVED');
      await this.system(db, out, req.conversationId, SystemText.removed(actor, target), [req.userId]);
      await this.changed(db, out, req.conversationId, [req.userId]);
    });
    return this.reader.view(req.viewerId, req.conversationId);
  }

  async setRole(req: SetMemberRoleRequest): Promise<ConversationView> {
    if (req.userId === req.viewerId) throw DomainError.badInput('userId', 'You cannot change your own role');
    const [actor, target] = await Promise.all([this.name(req.viewerId, req.viewerId), this.name(req.viewerId, req.userId)]);
    await this.updates.change(async (db, out) => {
      const me = await this.actor(db, req.viewerId, req.conversationId);
      allow(me.kind, me.role, 'setRole');
      const current = await this.targetRole(db, req.conversationId, req.userId);
      if (current === req.role) return;
      await db.query(`UPDATE members SET role = $3 WHERE conversation_id = $1 AND user_id = $2`, [
        req.conversationId,
        req.userId,
        req.role,
      ]);
      await this.system(db, out, req.conversationId, SystemText.role(actor, target, req.role));
      await this.changed(db, out, req.conversationId);
    });
    return this.reader.view(req.viewerId, req.conversationId);
  }

  /**
   * Leaving twice is one leave. The group's last owner hands ownership to the
   * longest-standing admin, else the longest-standing member.
   */
  async leave(viewerId: string, conversationId: string): Promise<boolean> {
    const me0 = await this.reader.membership(viewerId, conversationId);
    if (me0.kind === 'DIRECT') throw DomainError.badInput('conversationId', 'A direct conversation cannot be left');
    if (!me0.active) return true;
    const actor = await this.name(viewerId, viewerId);
    await this.updates.change(async (db, out) => {
      const me = await this.reader.membership(viewerId, conversationId, db, true);
      if (!me.active) return;
      let successor: string | null = null;
      if (me.role === 'OWNER') {
        const other = await queryRow<{ found: boolean }>(
          db,
          `SELECT EXISTS (SELECT 1 FROM members WHERE conversation_id = $1 AND user_id <> $2 AND left_at IS NULL AND role = 'OWNER') AS found`,
          [conversationId, viewerId],
        );
        if (!other!.found) {
          successor =
            (
              await queryRow<{ user_id: string }>(
                db,
                `SELECT user_id FROM members WHERE conversation_id = $1 AND user_id <> $2 AND left_at IS NULL
              ORDER BY (role = 'ADMIN') DESC, join_order LIMIT 1 FOR UPDATE`,
                [conversationId, viewerId],
              )
            )?.user_id ?? null;
          if (successor)
            await db.query(`UPDATE members SET role = 'OWNER' WHERE conversation_id = $1 AND user_id = $2`, [conversationId, successor]);
        }
      }
      await this.depart(db, conversationId, viewerId, 'LEFT');
      await this.system(db, out, conversationId, SystemText.left(actor), [viewerId]);
      if (successor) await this.system(db, out, conversationId, SystemText.owner(await this.name(viewerId, successor)));
      await this.changed(db, out, conversationId, [viewerId]);
    });
    return true;
  }

  /** The actor's membership, locking the conversation; former members may not act. */
  private actor(db: EntityManager, viewerId: string, conversationId: string): Promise<Membership> {
    return this.reader.activeMembership(viewerId, conversationId, db, true);
  }

  private async targetRole(db: EntityManager, conversationId: string, userId: string): Promise<MemberRole> {
    const row =
      isUuid(userId) &&
      (await queryRow<{ role: MemberRole }>(
        db,
        `SELECT role FROM members WHERE conversation_id = $1 AND user_id = $2 AND left_at IS NULL FOR UPDATE`,
        [conversationId, userId],
      ));
    if (!row) throw DomainError.notFound('This user is not a member of the conversation');
    return row.role;
  }

  /** until_seq is the seq the announcing SYSTEM message is about to take (we hold the conversation's lock). */
  private async depart(db: EntityManager, conversationId: string, userId: string, reason: 'LEFT' | 'REMOVED'): Promise<void> {
    await db.query(
      `UPDATE members SET left_at = clock_timestamp(), left_reason = $3,
              until_seq = (SELECT last_seq + 1 FROM conversations WHERE id = $1)
        WHERE conversation_id = $1 AND user_id = $2`,
      [conversationId, userId, reason],
    );
    await db.query(`UPDATE conversations SET member_count = member_count - 1 WHERE id = $1`, [conversationId]);
  }

  private async system(db: EntityManager, out: Delivery[], conversationId: string, text: string, extra: string[] = []): Promise<void> {
    const posted = await this.writer.post(db, {
      conversationId,
      senderId: null,
      kind: 'SYSTEM',
      clientId: null,
      text,
      searchDoc: null,
      extraRecipients: extra,
    });
    out.push(posted.delivery);
  }

  /** ConversationChanged to every current member, and to those who just left (they see it as they may still). */
  private async changed(db: EntityManager, out: Delivery[], conversationId: string, extra: string[] = []): Promise<void> {
    out.push(await appendToMembers(db, { type: 'ConversationChanged', conversationId, messageId: null, data: null }, extra));
  }

  private userIds(ids: string[], field: string): string[] {
    const unique = [...new Set(ids)];
    if (unique.some((id) => !isUuid(id))) throw DomainError.notFound(`No such user (${field})`);
    return unique;
  }

  private async name(viewerId: string, userId: string): Promise<string> {
    if (!isUuid(userId)) throw DomainError.notFound('No such user');
    return (await this.accounts.requireUsers(viewerId, [userId], 'userId')).get(userId)!.displayName;
  }
}
