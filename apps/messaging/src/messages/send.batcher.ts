import { Inject, Injectable } from '@nestjs/common';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { LOGGER, queryRows } from '@app/common';
import { MessagingEnv } from '../config/messaging.env';
import { PostInput } from './message.writer';

/** One item's outcome from post_message / post_messages. */
export interface PostRow {
  status: string;
  message_id: string;
  seq: number;
  created_at: Date;
  recipients: string[] | null;
  positions: string[] | null;
}

interface Pending {
  input: PostInput;
  resolve: (row: PostRow) => void;
  reject: (err: unknown) => void;
}

const RETRYABLE = new Set(['40P01', '40001']);

function laneOf(conversationId: string, lanes: number): number {
  let h = 0;
  for (let i = 0; i < conversationId.length; i++) h = (h * 31 + conversationId.charCodeAt(i)) | 0;
  return Math.abs(h) % lanes;
}

/**
 * Stores sends in batches: one transaction, one round trip and one commit
 * (one WAL flush) for every send that arrived while earlier batches were
 * being stored. Measured (bench/messaging): sends queued behind each other
 * on one conversation's row lock each held a pool connection through its own
 * commit, so the pool, not the CPU, capped throughput. Batching needs no
 * timer: a send that finds a free slot goes at once (alone, when the service
 * is quiet), the rest ride the next batch. Each send still answers only
 * after the commit that stored it.
 */
@Injectable()
export class SendBatcher {
  /** One queue per lane; a conversation always uses the same lane. */
  private readonly lanes: Array<{ queue: Pending[]; busy: boolean }>;

  constructor(
    private readonly ds: DataSource,
    private readonly env: MessagingEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.lanes = Array.from({ length: env.SEND_BATCH_CONCURRENCY }, () => ({ queue: [], busy: false }));
  }

  post(input: PostInput): Promise<PostRow> {
    return new Promise((resolve, reject) => {
      const lane = this.lanes[laneOf(input.conversationId, this.lanes.length)];
      lane.queue.push({ input, resolve, reject });
      this.pump(lane);
    });
  }

  /**
   * Lanes run their batches one at a time and never share a conversation,
   * so concurrent batches of this copy do not queue on each other's
   * conversation locks (measured: with batches drawn from one queue, they
   * mostly waited for each other and throughput fell to one batch at a time).
   */
  private pump(lane: { queue: Pending[]; busy: boolean }): void {
    if (lane.busy || !lane.queue.length) return;
    lane.busy = true;
    const batch = lane.queue.splice(0, this.env.SEND_BATCH_MAX);
    void this.store(batch).finally(() => {
      lane.busy = false;
      this.pump(lane);
    });
  }

  private async store(batch: Pending[]): Promise<void> {
    const items = batch.map(({ input }, i) => ({
      i,
      conversation_id: input.conversationId,
      sender_id: input.senderId,
      kind: input.kind,
      client_id: input.clientId,
      text: input.text,
      search_doc: input.searchDoc,
      reply_to_id: input.replyToId ?? null,
      forwarded_from_id: input.forwardedFromId ?? null,
      ref_id: input.refId ?? null,
    }));
    try {
      const rows = await this.withRetry(() =>
        queryRows<PostRow & { idx: number }>(this.ds, `SELECT * FROM post_messages($1::jsonb)`, [JSON.stringify(items)]),
      );
      const byIdx = new Map(rows.map((r) => [r.idx, r]));
      batch.forEach((p, i) => {
        const row = byIdx.get(i);
        if (row) p.resolve(row);
        else p.reject(new Error('post_messages returned no row for an item'));
      });
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      // One item's failure must not fail the others: store them one by one.
      this.logger.warn({ err, size: batch.length }, 'send batch failed; storing its messages one by one');
      await Promise.all(batch.map((p) => this.store([p])));
    }
  }

  private async withRetry<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (err) {
        if (attempt >= 4 || !RETRYABLE.has((err as { code?: string }).code ?? '')) throw err;
        await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 10));
      }
    }
  }
}
