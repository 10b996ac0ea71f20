import { queryRows } from '@app/common';
import { MessageKind, MessageReactionView, MessageView } from '@app/contracts';
import { Db, iso } from '../common/db';

/** The columns every message query selects (alias m). */
export const MESSAGE_COLUMNS = `m.id, m.conversation_id, m.seq, m.kind, m.sender_id, m.client_id, m.text, m.reply_to_id,
  m.forwarded_from_id, m.ref_id, m.edited_at, m.deleted_at, m.created_at, m.global_pos`;

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
}

interface ReactionGroup {
  emoji: string;
  count: number;
  /** Which of the viewers asked about chose this emoji. */
  viewers: Set<string>;
}

export function toView(row: MessageRow, reactions: MessageReactionView[] = []): MessageView {
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
    reactions,
    editedAt: iso(row.edited_at),
    deletedAt: iso(row.deleted_at),
    createdAt: iso(row.created_at)!,
  };
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
  ) {}

  static async load(db: Db, rows: MessageRow[], viewerIds: string[]): Promise<MessageViewSet> {
    const all = new Map(rows.map((r) => [r.id, r]));
    const replyIds = [...new Set(rows.map((r) => r.reply_to_id).filter((id): id is string => !!id && !all.has(id)))];
    if (replyIds.length) {
      for (const r of await queryRows<MessageRow>(db, `SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.id = ANY($1::uuid[])`, [
        replyIds,
      ])) {
        all.set(r.id, r);
      }
    }
    const reactions = await loadReactions(db, [...all.keys()], viewerIds);
    return new MessageViewSet(all, reactions);
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
    const view = toView(row, this.reactionsFor(id, viewerId));
    const reply = row.reply_to_id ? this.rows.get(row.reply_to_id) : undefined;
    view.replyTo = reply ? toView(reply, this.reactionsFor(reply.id, viewerId)) : null;
    return view;
  }
}

/** Reaction counts per message, oldest emoji first, with which of viewerIds reacted with each. */
export async function loadReactions(db: Db, messageIds: string[], viewerIds: string[]): Promise<Map<string, ReactionGroup[]>> {
  const out = new Map<string, ReactionGroup[]>();
  if (!messageIds.length) return out;
  const rows = await queryRows<{ message_id: string; emoji: string; count: number; viewers: string[] | null }>(
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
