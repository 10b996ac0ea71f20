import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '@app/common';
import { fanOut } from '../database/functions/fan_out.function';
import { Db, transaction } from '../database/transaction';
import { Delivery, LivePublisher } from './live.publisher';

/** What is appended; recipients and positions come from the database. */
export type UpdateToAppend = Omit<Delivery, 'recipients' | 'positions'>;

/**
 * Appends one update to each recipient's stream (fan_out), inside the
 * caller's transaction and after its entity lock. The returned delivery is
 * pushed live once the transaction has committed (UpdateWriter.change).
 */
export async function appendUpdate(db: Db, update: UpdateToAppend, recipients: string[]): Promise<Delivery> {
  if (!recipients.length) return { ...update, recipients: [], positions: [] };
  return { ...update, ...(await fanOut(db, { ...update, userIds: recipients })) };
}

/**
 * The update to every current member of its conversation, and to extra users
 * (members who just left see the change that removed them). The caller holds
 * the conversation against membership changes, so these are the members.
 */
export async function appendToMembers(db: Db, update: UpdateToAppend, extra: string[] = []): Promise<Delivery> {
  const members = await queryRows<{ user_id: string }>(db, `SELECT user_id FROM members WHERE conversation_id = $1 AND left_at IS NULL`, [
    update.conversationId,
  ]);
  return appendUpdate(db, update, [...members.map((m) => m.user_id), ...extra]);
}

/** Every change that appends updates runs through here. */
@Injectable()
export class UpdateWriter {
  constructor(
    private readonly ds: DataSource,
    private readonly live: LivePublisher,
  ) {}

  /**
   * Runs a change in a transaction (again if PostgreSQL aborted it to break a
   * deadlock) and pushes what it appended to `out` once committed: nothing is
   * pushed that a replay of the streams would not also return.
   */
  async change<T>(work: (db: EntityManager, out: Delivery[]) => Promise<T>): Promise<T> {
    let deliveries: Delivery[] = [];
    const result = await transaction(this.ds, (db) => {
      // An aborted attempt appended nothing that lasts.
      deliveries = [];
      return work(db, deliveries);
    });
    await this.live.deliver(deliveries);
    return result;
  }
}
