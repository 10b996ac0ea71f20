import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '@app/common';
import { MessagingEnv } from '../config/messaging.env';
import { ConversationReader } from '../conversations/conversation.reader';
import { LivePublisher } from './live.publisher';

/**
 * "Typing…": never stored, pushed on core NATS to each other current member's
 * typing subject. Throttled per user and conversation: a client calling on
 * every keystroke produces one event per window (per service copy; copies do
 * not share the window, which only lets a few more through).
 */
@Injectable()
export class TypingService {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly ds: DataSource,
    private readonly env: MessagingEnv,
    private readonly reader: ConversationReader,
    private readonly live: LivePublisher,
  ) {
    setInterval(() => {
      const cutoff = Date.now() - this.env.TYPING_THROTTLE_MS;
      for (const [key, at] of this.last) if (at < cutoff) this.last.delete(key);
    }, 10_000).unref();
  }

  async set(viewerId: string, conversationId: string): Promise<boolean> {
    await this.reader.activeMembership(viewerId, conversationId);
    const key = `${viewerId}:${conversationId}`;
    const now = Date.now();
    const previous = this.last.get(key);
    if (previous !== undefined && now - previous < this.env.TYPING_THROTTLE_MS) return true;
    this.last.set(key, now);
    const others = await queryRows<{ user_id: string }>(
      this.ds,
      `SELECT user_id FROM members WHERE conversation_id = $1 AND left_at IS NULL AND user_id <> $2`,
      [conversationId, viewerId],
    );
    this.live.typing(
      { conversationId, userId: viewerId, at: new Date(now).toISOString() },
      others.map((o) => o.user_id),
    );
    return true;
  }
}
