import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, queryRow, queryRows } from '@app/common';

/**
 * What a group's admins set for senders: a member restricted from sending
 * is FORBIDDEN; under slow mode a member sends one message per interval
 * (RATE_LIMITED with retryAfter), claimed by one conditional UPDATE so that
 * parallel sends cannot both pass. Owners and admins are exempt, and a
 * retried send (its clientId already stored) is never refused: it answers
 * the first message.
 */
@Injectable()
export class GroupRules {
  constructor(private readonly ds: DataSource) {}

  async check(viewerId: string, conversationId: string, clientId: string): Promise<void> {
    const row = await queryRow<{ role: string; restricted_until: Date | null; restricted: boolean; slow: number; retry: boolean }>(
      this.ds,
      `SELECT mb.role, mb.restricted_until, coalesce(mb.restricted_until > now(), false) AS restricted, c.slow_mode_seconds AS slow,
              EXISTS (SELECT 1 FROM messages x WHERE x.conversation_id = $1 AND x.sender_id = $2 AND x.client_id = $3) AS retry
         FROM members mb JOIN conversations c ON c.id = mb.conversation_id
        WHERE mb.conversation_id = $1 AND mb.user_id = $2 AND mb.left_at IS NULL AND c.kind = 'GROUP'`,
      [conversationId, viewerId, clientId],
    );
    if (!row || row.role !== 'MEMBER' || row.retry) return;
    if (row.restricted) {
      throw DomainError.forbidden(`An admin restricted you from sending here until ${new Date(row.restricted_until!).toISOString()}`);
    }
    if (row.slow > 0) await this.claimSlowMode(viewerId, conversationId, row.slow);
  }

  private async claimSlowMode(viewerId: string, conversationId: string, seconds: number): Promise<void> {
    const claimed = await queryRows<{ ok: number }>(
      this.ds,
      `UPDATE members SET slow_mode_sent_at = clock_timestamp()
        WHERE conversation_id = $1 AND user_id = $2
          AND (slow_mode_sent_at IS NULL OR slow_mode_sent_at <= clock_timestamp() - make_interval(secs => $3))
        RETURNING 1 AS ok`,
      [conversationId, viewerId, seconds],
    );
    if (claimed.length) return;
    const wait = await queryRow<{ seconds: number }>(
      this.ds,
      `SELECT extract(epoch FROM slow_mode_sent_at + make_interval(secs => $3) - clock_timestamp())::float AS seconds
         FROM members WHERE conversation_id = $1 AND user_id = $2`,
      [conversationId, viewerId, seconds],
    );
    throw DomainError.rateLimited(wait?.seconds ?? seconds, `Slow mode: one message every ${seconds} seconds`);
  }
}
