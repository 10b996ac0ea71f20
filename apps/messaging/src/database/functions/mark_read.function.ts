import { queryRow } from '@app/common';
import { Db } from '../transaction';

export interface MarkReadParams {
  conversationId: string;
  /** The reader. */
  viewerId: string;
  /** Read up to here; clamped to the conversation's last seq. */
  upToSeq: number;
}

/**
 * ok: moved to lastRead; unchanged: it was already there or past it;
 * not_found: never a member; former: left or removed (lastRead is where it stayed).
 */
export type MarkReadStatus = 'ok' | 'unchanged' | 'not_found' | 'former';

export interface MarkReadResult {
  status: MarkReadStatus;
  lastRead: number | null;
  /** Who got the ReadMarkerMoved update (ok only), and at which stream position, pairwise. */
  recipients: string[];
  positions: string[];
}

interface MarkReadRow {
  status: MarkReadStatus;
  last_read: number | null;
  recipients: string[] | null;
  positions: string[] | null;
}

/** mark_read (mark_read.sql): moves the viewer's read marker forward and tells who must know. */
export async function markRead(db: Db, p: MarkReadParams): Promise<MarkReadResult> {
  const row = await queryRow<MarkReadRow>(db, `SELECT * FROM mark_read($1, $2, $3)`, [p.conversationId, p.viewerId, p.upToSeq]);
  if (!row) throw new Error('mark_read returned no row');
  return { status: row.status, lastRead: row.last_read, recipients: row.recipients ?? [], positions: (row.positions ?? []).map(String) };
}
