import { DataSource, EntityManager } from 'typeorm';
import { queryRow } from '@app/common';
import { ChatMoneyEvents } from '@app/contracts';

export interface CreateMoneyRequestInput {
  /** Derived from the requester, the conversation and the clientId: a retried request names the same one. */
  id: string;
  conversationId: string;
  requesterId: string;
  payerId: string | null;
  amount: bigint;
  note: string | null;
}

/** Stores a money request and its first event (database/functions/create_money_request.sql); false when it existed. */
export async function createMoneyRequest(db: DataSource | EntityManager, input: CreateMoneyRequestInput): Promise<boolean> {
  const row = await queryRow<{ created: boolean }>(
    db,
    `SELECT o_created AS created FROM create_money_request(p_id => $1, p_conversation => $2, p_requester => $3, p_payer => $4,
       p_amount => $5, p_note => $6, p_subject => $7)`,
    [input.id, input.conversationId, input.requesterId, input.payerId, input.amount.toString(), input.note, ChatMoneyEvents.Changed],
  );
  return row!.created;
}
