import { queryRow } from '@app/common';
import { UpdateType } from '@app/contracts';
import { Db } from '../transaction';

export interface FanOutParams {
  /** Each gets one update, however often named. */
  userIds: string[];
  type: UpdateType;
  conversationId: string;
  messageId: string | null;
  /** Stored with the update (e.g. a deleted message's seq). */
  data: Record<string, unknown> | null;
}

/** Who got the update, and at which position of their stream (decimal strings), pairwise. */
export interface FanOutResult {
  recipients: string[];
  positions: string[];
}

interface FanOutRow {
  recipients: string[] | null;
  positions: string[] | null;
}

/**
 * fan_out (fan_out.sql): appends one update to each user's stream. Inside the
 * caller's transaction, after its entity lock; the result is pushed live once
 * that commits.
 */
export async function fanOut(db: Db, p: FanOutParams): Promise<FanOutResult> {
  const row = await queryRow<FanOutRow>(
    db,
    `SELECT array_agg(recipient) AS recipients, array_agg(stream_pos) AS positions FROM fan_out($1::uuid[], $2, $3, $4, $5)`,
    [p.userIds, p.type, p.conversationId, p.messageId, p.data === null ? null : JSON.stringify(p.data)],
  );
  return { recipients: row?.recipients ?? [], positions: (row?.positions ?? []).map(String) };
}
