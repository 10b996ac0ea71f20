import { queryRow } from '@app/common';
import { MessageKind } from '@app/contracts';
import { Db } from '../transaction';

export interface PostMessageParams {
  conversationId: string;
  /** Null for SYSTEM messages (no membership needed). */
  senderId: string | null;
  kind: MessageKind;
  /** The sender's idempotency key, unique per (conversation, sender). */
  clientId: string | null;
  text: string | null;
  /** The Persian-folded text the search index reads (searchDocument). */
  searchDoc: string | null;
  replyToId?: string | null;
  forwardedFromId?: string | null;
  /** The transfer, bill payment or post the message shows. */
  refId?: string | null;
  /** The album, stored beside the message in the same transaction (sends only; see message-media.ts). */
  mediaIds?: string[] | null;
  /** Who gets the MessageAdded besides current members (a member being removed sees its removal). */
  extraRecipients?: string[];
  /** The caller already holds every recipient's stream lock (lockStreams). */
  streamsLocked?: boolean;
}

export type PostStatus = 'ok' | 'duplicate' | 'not_found' | 'former' | 'reply_not_found';

/**
 * ok: stored; duplicate: the clientId was used before, and this is the first
 * message (nothing stored, no updates: they went out the first time).
 */
export interface PostedMessage {
  status: 'ok' | 'duplicate';
  messageId: string;
  seq: number;
  createdAt: Date;
  /** Who got the MessageAdded (ok only), and at which stream position, pairwise. */
  recipients: string[];
  positions: string[];
}

/** Nothing was stored: not a member or no such conversation, a former member, or a reply to no message of it. */
export interface PostRefused {
  status: 'not_found' | 'former' | 'reply_not_found';
}

export type PostMessageResult = PostedMessage | PostRefused;

/** A row of post_message or post_messages. */
export interface PostRow {
  status: PostStatus;
  message_id: string | null;
  seq: number | null;
  created_at: Date | null;
  recipients: string[] | null;
  positions: string[] | null;
}

export function toPostMessageResult(row: PostRow): PostMessageResult {
  if (row.status !== 'ok' && row.status !== 'duplicate') return { status: row.status };
  return {
    status: row.status,
    // Set whenever a message was stored or found.
    messageId: row.message_id!,
    seq: row.seq!,
    createdAt: row.created_at!,
    recipients: row.recipients ?? [],
    positions: (row.positions ?? []).map(String),
  };
}

/**
 * post_message (post_message.sql): one message and its MessageAdded updates.
 * For messages written inside a transaction that also changes members; sends
 * go through postMessages (SendBatcher).
 */
export async function postMessage(db: Db, p: PostMessageParams): Promise<PostMessageResult> {
  const row = await queryRow<PostRow>(db, `SELECT * FROM post_message($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, [
    p.conversationId,
    p.senderId,
    p.kind,
    p.clientId,
    p.text,
    p.searchDoc,
    p.replyToId ?? null,
    p.forwardedFromId ?? null,
    p.refId ?? null,
    p.extraRecipients ?? null,
    p.streamsLocked ?? false,
  ]);
  if (!row) throw new Error('post_message returned no row');
  return toPostMessageResult(row);
}
