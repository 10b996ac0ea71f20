import { DataSource } from 'typeorm';
import { queryRows } from '@app/common';
import { fanOut } from '../../src/database/functions/fan_out.function';
import { lockStreams } from '../../src/database/functions/lock_streams.function';
import { newUser, openTransaction, seedGroup, startMessagingDb, stillWaiting } from '../support';

describe('lock_streams', () => {
  let ds: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => ({ ds, close } = await startMessagingDb()));
  afterAll(() => close?.());

  /** Takes a user's stream lock without waiting, in a transaction of its own: whether it was free. */
  const free = async (userId: string): Promise<boolean> => {
    const runner = await openTransaction(ds);
    try {
      const [{ got }] = await queryRows<{ got: boolean }>(
        runner.manager,
        `SELECT pg_try_advisory_xact_lock(1838, hashtext($1::text)) AS got`,
        [userId],
      );
      return got;
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  };

  it("holds each named user's stream lock until the transaction ends, and no one else's", async () => {
    const [a, b, c] = [newUser(), newUser(), newUser()];
    const holder = await openTransaction(ds);
    await lockStreams(holder.manager, { userIds: [a, b] });
    expect([await free(a), await free(b), await free(c)]).toEqual([false, false, true]);
    await holder.commitTransaction();
    await holder.release();
    expect([await free(a), await free(b)]).toEqual([true, true]);
  });

  it('takes a user named twice once (one lock per key)', async () => {
    const [a, b] = [newUser(), newUser()];
    const holder = await openTransaction(ds);
    try {
      await lockStreams(holder.manager, { userIds: [a, b, a, b, a] });
      const [{ n }] = await queryRows<{ n: number }>(
        holder.manager,
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = 1838 AND pid = pg_backend_pid()`,
      );
      expect(n).toBe(2);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
  });

  it("makes a fan-out to a locked user's stream wait for the holder's commit", async () => {
    const a = newUser();
    const conversationId = await seedGroup(ds, [a]);
    const holder = await openTransaction(ds);
    await lockStreams(holder.manager, { userIds: [a] });
    await fanOut(holder.manager, { userIds: [a], type: 'ConversationChanged', conversationId, messageId: null, data: null });
    const waiting = fanOut(ds, { userIds: [a], type: 'ConversationChanged', conversationId, messageId: null, data: null });
    expect(await stillWaiting(waiting)).toBe(true);
    await holder.commitTransaction();
    await holder.release();
    // It read the head after the holder's commit: the next position, not the same one again.
    expect(await waiting).toEqual({ recipients: [a], positions: ['2'] });
  });

  it('lets transactions locking overlapping users in different orders finish without a deadlock', async () => {
    const users = Array.from({ length: 6 }, newUser);
    const conversationId = await seedGroup(ds, users);
    const orders = [users, [...users].reverse(), [users[3], users[0], users[5], users[1]], [users[4], users[2], users[0]]];
    await Promise.all(
      orders.map((userIds) =>
        ds.transaction(async (db) => {
          await lockStreams(db, { userIds });
          await fanOut(db, { userIds, type: 'ConversationChanged', conversationId, messageId: null, data: null });
        }),
      ),
    );
    const [{ n }] = await queryRows<{ n: number }>(ds, `SELECT count(*)::int AS n FROM updates WHERE conversation_id = $1`, [
      conversationId,
    ]);
    expect(n).toBe(orders.reduce((sum, o) => sum + o.length, 0));
  });
});
