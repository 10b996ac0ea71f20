import { UpdateType } from '@app/contracts';

/** An updates row as UpdateService reads a stream. */
export interface UpdateRow {
  pos: string;
  type: UpdateType;
  conversation_id: string;
  message_id: string | null;
  data: Record<string, unknown> | null;
}

/** One stored update, for one viewer: what UpdateHydrator turns into the contract's UpdateView. */
export interface UpdateEntry {
  viewerId: string;
  pos: string;
  type: UpdateType;
  conversationId: string;
  messageId: string | null;
  data: Record<string, unknown> | null;
}

export function toUpdateEntry(viewerId: string, row: UpdateRow): UpdateEntry {
  return { viewerId, pos: row.pos, type: row.type, conversationId: row.conversation_id, messageId: row.message_id, data: row.data };
}
