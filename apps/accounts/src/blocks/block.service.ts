import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, queryRow, queryRows } from '@app/common';
import { BlockedByResponse, CheckBlockResponse, UserView } from '@app/contracts';
import { UserService } from '../users/user.service';

@Injectable()
export class BlockService {
  constructor(
    private readonly ds: DataSource,
    private readonly users: UserService,
  ) {}

  /** Idempotent: blocking twice is one block. */
  async block(viewerId: string, targetId: string): Promise<UserView> {
    const target = await this.target(viewerId, targetId);
    await queryRows<never>(this.ds, `INSERT INTO blocks (blocker_id, blocked_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      viewerId,
      target.id,
    ]);
    return (await this.users.get(viewerId, target.id))!;
  }

  async unblock(viewerId: string, targetId: string): Promise<UserView> {
    const target = await this.target(viewerId, targetId);
    await queryRows<never>(this.ds, `DELETE FROM blocks WHERE blocker_id = $1 AND blocked_id = $2`, [viewerId, target.id]);
    return (await this.users.get(viewerId, target.id))!;
  }

  /** For other services: may these two users reach each other? */
  async check(userId: string, otherId: string): Promise<CheckBlockResponse> {
    const row = (await queryRow<{ blocked: boolean; blocked_by: boolean }>(
      this.ds,
      `SELECT EXISTS (SELECT 1 FROM blocks WHERE blocker_id = $1 AND blocked_id = $2) AS blocked,
              EXISTS (SELECT 1 FROM blocks WHERE blocker_id = $2 AND blocked_id = $1) AS blocked_by`,
      [userId, otherId],
    ))!;
    return { blocked: row.blocked, blockedBy: row.blocked_by };
  }

  /** For other services: which of these users have blocked this one (one query for a whole group). */
  async blockedBy(userId: string, otherIds: string[]): Promise<BlockedByResponse> {
    const rows = await queryRows<{ blocker_id: string }>(
      this.ds,
      `SELECT blocker_id FROM blocks WHERE blocked_id = $1 AND blocker_id = ANY($2::uuid[])`,
      [userId, otherIds],
    );
    return { blockedBy: rows.map((r) => r.blocker_id) };
  }

  private async target(viewerId: string, targetId: string): Promise<UserView> {
    if (targetId === viewerId) throw DomainError.badInput('userId', 'You cannot block yourself');
    const target = await this.users.get(viewerId, targetId);
    if (!target) throw DomainError.notFound('No such user');
    return target;
  }
}
