import { queryRows } from '@app/common';
import { Db } from '../transaction';
import { PostMessageParams, PostMessageResult, PostRow, toPostMessageResult } from './post_message.function';

/** Extra recipients and held stream locks are post_message's alone. */
export type PostMessagesItem = Omit<PostMessageParams, 'extraRecipients' | 'streamsLocked'>;

export interface PostMessagesParams {
  /** In the order received: seqs are taken in this order. */
  items: PostMessagesItem[];
  /**
   * Look for each clientId among the stored messages first. false: a reused
   * clientId fails the call with unique_violation and stores nothing (call
   * again with true; see post_messages.sql for why).
   */
  checkStored: boolean;
}

/** The error of a call with checkStored false that met a reused clientId. */
export function isReusedClientId(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === '23505';
}

/**
 * post_messages (post_messages.sql): several messages in one statement and
 * one commit. One result per item, in the items' order (undefined where the
 * function returned no row for an item, which its query rules out).
 */
export async function postMessages(db: Db, p: PostMessagesParams): Promise<Array<PostMessageResult | undefined>> {
  const items = p.items.map((it, i) => ({
    i,
    conversation_id: it.conversationId,
    sender_id: it.senderId,
    kind: it.kind,
    client_id: it.clientId,
    text: it.text,
    search_doc: it.searchDoc,
    reply_to_id: it.replyToId ?? null,
    forwarded_from_id: it.forwardedFromId ?? null,
    ref_id: it.refId ?? null,
  }));
  const rows = await queryRows<PostRow & { idx: number }>(db, `SELECT * FROM post_messages($1::jsonb, $2)`, [
    JSON.stringify(items),
    p.checkStored,
  ]);
  const byIdx = new Map(rows.map((r) => [r.idx, r]));
  return p.items.map((_, i) => {
    const row = byIdx.get(i);
    return row && toPostMessageResult(row);
  });
}
