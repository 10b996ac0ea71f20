import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UpdateView } from '@app/contracts';
import { ConversationReader } from '../conversations/conversation.reader';
import { Db } from '../database/transaction';
import { loadMessageRows, MessageViewSet } from '../messages/message.row';
import { UpdateEntry } from './update.row';

/**
 * Turns stored update rows into what clients receive. Rows keep references
 * (message, conversation), not copies: a replayed MessageAdded shows the
 * message as it is now (edited, or deleted with its text gone), which is what
 * a client catching up should display. Any number of viewers is served with
 * a fixed number of queries.
 */
@Injectable()
export class UpdateHydrator {
  constructor(
    private readonly ds: DataSource,
    private readonly conversations: ConversationReader,
  ) {}

  async hydrate(entries: UpdateEntry[], db: Db = this.ds): Promise<UpdateView[]> {
    return (await this.hydrateEach(entries, db)).filter((v): v is UpdateView => v !== null);
  }

  /** One view per entry, in order; null where what it refers to is gone. */
  async hydrateEach(entries: UpdateEntry[], db: Db = this.ds): Promise<Array<UpdateView | null>> {
    const viewers = [...new Set(entries.map((e) => e.viewerId))];
    const messageIds = [...new Set(entries.filter((e) => e.messageId && e.type !== 'MessageDeleted').map((e) => e.messageId!))];
    const messages = await MessageViewSet.load(db, await loadMessageRows(db, messageIds), viewers);

    const pairs = new Map<string, { conversationId: string; viewerId: string }>();
    for (const e of entries) {
      if (e.type === 'ConversationChanged')
        pairs.set(`${e.conversationId}:${e.viewerId}`, { conversationId: e.conversationId, viewerId: e.viewerId });
    }
    const convViews = await this.conversations.viewMap([...pairs.values()], db);

    const out: Array<UpdateView | null> = [];
    for (const e of entries) {
      const base = { cursor: e.pos, type: e.type, conversationId: e.conversationId };
      switch (e.type) {
        case 'MessageAdded':
        case 'MessageEdited': {
          const message = messages.view(e.messageId!, e.viewerId);
          out.push(message ? { ...base, message } : null);
          break;
        }
        case 'MessageDeleted':
          out.push({ ...base, messageId: e.messageId!, seq: Number(e.data?.seq) });
          break;
        case 'ReactionsChanged':
          out.push({ ...base, messageId: e.messageId!, reactions: messages.reactionsFor(e.messageId!, e.viewerId) });
          break;
        case 'ReadMarkerMoved':
          out.push({ ...base, userId: String(e.data?.userId), lastReadSeq: Number(e.data?.lastReadSeq) });
          break;
        case 'ConversationChanged': {
          const conversation = convViews.get(`${e.conversationId}:${e.viewerId}`);
          out.push(conversation ? { ...base, conversation } : null);
          break;
        }
      }
    }
    return out;
  }
}
