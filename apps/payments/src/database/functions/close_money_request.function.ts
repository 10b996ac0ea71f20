import { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '@app/common';
import { ChatMoneyEvents } from '@app/contracts';

/**
 * Declines (the payer asked) or cancels (the requester) an open money request
 * (database/functions/close_money_request.sql). Raises PYM01 (closed), PYM02
 * (not theirs to close), PYM03 (no such request).
 */
export async function closeMoneyRequest(
  db: DataSource | EntityManager,
  input: { requestId: string; userId: string; status: 'DECLINED' | 'CANCELLED' },
): Promise<void> {
  await queryRows<never>(db, `SELECT close_money_request(p_request => $1, p_user => $2, p_status => $3, p_subject => $4)`, [
    input.requestId,
    input.userId,
    input.status,
    ChatMoneyEvents.Changed,
  ]);
}
