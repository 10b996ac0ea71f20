import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, queryRow, queryRows } from '@app/common';
import { UpdatesPageView } from '@app/contracts';
import { MessagingEnv } from '../config/messaging.env';
import { UpdateHydrator } from './update.hydrator';
import { toUpdateEntry, UpdateRow } from './update.row';

const CURSOR = /^\d{1,18}$/;

/**
 * Reads a user's update stream. Positions are dense and become visible in
 * order (see fan_out), so "everything after N" read now can never be missing
 * an update that commits later with a smaller position.
 */
@Injectable()
export class UpdateService {
  constructor(
    private readonly ds: DataSource,
    private readonly hydrator: UpdateHydrator,
    private readonly env: MessagingEnv,
  ) {}

  async list(viewerId: string, after: string | null | undefined, limit: number): Promise<UpdatesPageView> {
    const head = await queryRow<{ last_pos: string }>(this.ds, `SELECT coalesce(max(pos), 0) AS last_pos FROM updates WHERE user_id = $1`, [
      viewerId,
    ]);
    const headPos = BigInt(head?.last_pos ?? '0');
    if (after === null || after === undefined) return { updates: [], cursor: headPos.toString(), hasMore: false };
    if (!CURSOR.test(after)) throw DomainError.badInput('after', 'Not a cursor of this update stream');
    if (BigInt(after) > headPos) throw DomainError.badInput('after', 'This cursor is ahead of your update stream');

    const rows = await queryRows<UpdateRow>(
      this.ds,
      `SELECT pos, type, conversation_id, message_id, data FROM updates WHERE user_id = $1 AND pos > $2 ORDER BY pos LIMIT $3`,
      [viewerId, after, limit + 1],
    );
    // Positions are dense, so the first row after the cursor is after + 1
    // unless the pruner took it: the client must load afresh (web app: restartStream).
    if (BigInt(after) < headPos && (!rows.length || BigInt(rows[0].pos) !== BigInt(after) + 1n)) {
      throw DomainError.badInput(
        'after',
        `This cursor is older than the ${this.env.UPDATES_KEEP_DAYS} days of updates kept; load your conversations again and take a new cursor with updates(after: null)`,
      );
    }
    const hasMore = rows.length > limit;
    const page = rows.slice(0, limit);
    const updates = await this.hydrator.hydrate(page.map((r) => toUpdateEntry(viewerId, r)));
    return { updates, cursor: page.length ? page[page.length - 1].pos : after, hasMore };
  }
}
