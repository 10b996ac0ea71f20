import { queryRows } from '@app/common';
import { MessageKind, MessageReactionView, MessageView } from '@app/contracts';
import { PostMessageParams } from '../database/functions/post_message.function';
import { iso } from '../database/timestamps';
import { Db } from '../database/transaction';

/** The columns every message query selects (alias m). */
export const MESSAGE_COLUMNS = `m.id, m.conversation_id, m.seq, m.kind, m.sender_id, m.client_id, m.text, m.reply_to_id,
  m.forwarded_from_id, m.ref_id, m.edited_at, m.deleted_at, m.created_at, m.global_pos,
  ARRAY(SELECT mm.media_id FROM message_media mm WHERE mm.message_id = m.id ORDER BY mm.position) AS media_ids`;

/** A messages row as MESSAGE_COLUMNS selects it. */
export interface MessageRow {
  id: string;
  conversation_id: string;
  seq: number;
  kind: MessageKind;
  sender_id: string | null;
  client_id: string | null;
  text: string | null;
  reply_to_id: string | null;
  forwarded_from_id: string | null;
  ref_id: string | null;
  edited_at: Date | null;
  deleted_at: Date | null;
  created_at: Date;
  global_pos: string;
  /** The album, in order (message_media). */
  media_ids: string[];
}

/** Reactions of one message, grouped by emoji, as loadReactions selects them. */
interface ReactionRow {
  message_id: string;
  emoji: string;
  count: number;
  viewers: string[] | null;
}

interface ReactionGroup {
  emoji: string;
  count: number;
  /** Which of the viewers asked about chose this emoji. */
  viewers: Set<string>;
}

/** The one mapping of a message row to the contract's MessageView (replyTo is the caller's). */
export function toMessageView(row: MessageRow, reactions: MessageReactionView[] = []): MessageView {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: row.seq,
    kind: row.kind,
    senderId: row.sender_id,
    clientId: row.client_id,
    text: row.text,
    replyToId: row.reply_to_id,
    forwardedFromId: row.forwarded_from_id,
    refId: row.ref_id,
    // A message deleted for everyone takes its media with it.
    mediaIds: row.deleted_at ? [] : row.media_ids,
    reactions,
    editedAt: iso(row.edited_at),
    deletedAt: iso(row.deleted_at),
    createdAt: iso(row.created_at)!,
  };
}

/** Messages by id, whoever may read them (the caller has checked); no query for no ids. */
export async function loadMessageRows(db: Db, ids: string[]): Promise<MessageRow[]> {
  if (!ids.length) return [];
  return queryRows<MessageRow>(db, `SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.id = ANY($1::uuid[])`, [ids]);
}

/**
 * Message views for any number of viewers at once (a page for one viewer, or
 * one message for every recipient of a live update): rows, their reactions
 * and the messages they reply to are read in three queries whatever the count.
 */
export class MessageViewSet {
  private constructor(
    private readonly rows: Map<string, MessageRow>,
    private readonly reactions: Map<string, ReactionGroup[]>,
    /** `conversationId:userId` of the viewers who are current members, where a message carries media. */
    private readonly current: Set<string>,
  ) {}

  static async load(db: Db, rows: MessageRow[], viewerIds: string[]): Promise<MessageViewSet> {
    const all = new Map(rows.map((r) => [r.id, r]));
    const replyIds = [...new Set(rows.map((r) => r.reply_to_id).filter((id): id is string => !!id && !all.has(id)))];
    for (const r of await loadMessageRows(db, replyIds)) all.set(r.id, r);
    const reactions = await loadReactions(db, [...all.keys()], viewerIds);
    return new MessageViewSet(all, reactions, await currentMembers(db, [...all.values()], viewerIds));
  }

  has(id: string): boolean {
    return this.rows.has(id);
  }

  row(id: string): MessageRow | undefined {
    return this.rows.get(id);
  }

  reactionsFor(id: string, viewerId: string): MessageReactionView[] {
    return (this.reactions.get(id) ?? []).map((g) => ({ emoji: g.emoji, count: g.count, reactedByMe: g.viewers.has(viewerId) }));
  }

  /** The message as viewerId sees it, with the message it replies to one level deep. */
  view(id: string, viewerId: string): MessageView | null {
    const row = this.rows.get(id);
    if (!row) return null;
    const view = this.withMedia(toMessageView(row, this.reactionsFor(id, viewerId)), viewerId);
    const reply = row.reply_to_id ? this.rows.get(row.reply_to_id) : undefined;
    view.replyTo = reply ? this.withMedia(toMessageView(reply, this.reactionsFor(reply.id, viewerId)), viewerId) : null;
    return view;
  }

  /** Media are for current members only: one who left or was removed keeps the texts they saw, not the media. */
  private withMedia(view: MessageView, viewerId: string): MessageView {
    if (view.mediaIds.length && !this.current.has(`${view.conversationId}:${viewerId}`)) view.mediaIds = [];
    return view;
  }
}

/** Which viewers are current members of the conversations of the rows that carry media (no query when none does). */
async function currentMembers(db: Db, rows: MessageRow[], viewerIds: string[]): Promise<Set<string>> {
  const conversations = [...new Set(rows.filter((r) => r.media_ids.length).map((r) => r.conversation_id))];
  if (!conversations.length) return new Set();
  const found = await queryRows<{ conversation_id: string; user_id: string }>(
    db,
    `SELECT conversation_id, user_id FROM members WHERE conversation_id = ANY($1::uuid[]) AND user_id = ANY($2::uuid[]) AND left_at IS NULL`,
    [conversations, viewerIds],
  );
  return new Set(found.map((m) => `${m.conversation_id}:${m.user_id}`));
}

/** Reaction counts per message, oldest emoji first, with which of viewerIds reacted with each. */
export async function loadReactions(db: Db, messageIds: string[], viewerIds: string[]): Promise<Map<string, ReactionGroup[]>> {
  const out = new Map<string, ReactionGroup[]>();
  if (!messageIds.length) return out;
  const rows = await queryRows<ReactionRow>(
    db,
    `SELECT message_id, emoji, count(*)::int AS count,
            array_agg(user_id) FILTER (WHERE user_id = ANY($2::uuid[])) AS viewers
       FROM reactions WHERE message_id = ANY($1::uuid[])
      GROUP BY message_id, emoji
      ORDER BY message_id, min(created_at), emoji`,
    [messageIds, viewerIds],
  );
  for (const r of rows) {
    let list = out.get(r.message_id);
    if (!list) out.set(r.message_id, (list = []));
    list.push({ emoji: r.emoji, count: r.count, viewers: new Set(r.viewers ?? []) });
  }
  return out;
}

/**
 * The row of a message just stored, built from what was stored rather than
 * read back (the send path's only query is the insert).
 */
export function storedMessageRow(
  stored: { id: string; seq: number; createdAt: Date },
  input: Omit<PostMessageParams, 'searchDoc' | 'extraRecipients' | 'streamsLocked'>,
): MessageRow {
  return {
    id: stored.id,
    conversation_id: input.conversationId,
    seq: stored.seq,
    kind: input.kind,
    sender_id: input.senderId,
    client_id: input.clientId,
    text: input.text,
    reply_to_id: input.replyToId ?? null,
    forwarded_from_id: input.forwardedFromId ?? null,
    ref_id: input.refId ?? null,
    edited_at: null,
    deleted_at: null,
    created_at: stored.createdAt,
    // Not in views; only search pages use it as their cursor.
    global_pos: '0',
    media_ids: input.mediaIds ?? [],
  };
}
