import { Inject, Injectable } from '@nestjs/common';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { LOGGER } from '@app/common';
import { MessagingEnv } from '../config/messaging.env';
import { PostMessageResult } from '../database/functions/post_message.function';
import { isReusedClientId, postMessages, PostMessagesItem } from '../database/functions/post_messages.function';
import { retryingAborts } from '../database/transaction';
import { attachMessageMedia } from './message-media';

interface Pending {
  input: PostMessagesItem;
  resolve: (result: PostMessageResult) => void;
  reject: (err: unknown) => void;
}

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

  post(input: PostMessagesItem): Promise<PostMessageResult> {
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
    try {
      const items = batch.map((p) => p.input);
      // Sends with media store their album in the same transaction; the rest stay one statement, one commit.
      const attempt = (checkStored: boolean) =>
        retryingAborts(() =>
          items.some((i) => i.mediaIds?.length)
            ? this.ds.transaction(async (db) => {
                const stored = await postMessages(db, { items, checkStored });
                await attachMessageMedia(db, items, stored);
                return stored;
              })
            : postMessages(this.ds, { items, checkStored }),
        );
      // Retried sends are rare: the batch goes without the look-up of stored clientIds, and a reused one
      // (nothing stored: the call failed as a whole) sends the batch again with it.
      const results = await attempt(false).catch((err: unknown) => {
        if (isReusedClientId(err)) return attempt(true);
        throw err;
      });
      batch.forEach((p, i) => {
        const result = results[i];
        if (result) p.resolve(result);
        else p.reject(new Error('post_messages returned no row for an item'));
      });
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      // One item's failure must not fail the others: store them one by one.
      this.logger.warn({ err, size: batch.length }, 'send batch failed; storing its messages one by one');
      await Promise.all(batch.map((p) => this.store([p])));
    }
  }
}
