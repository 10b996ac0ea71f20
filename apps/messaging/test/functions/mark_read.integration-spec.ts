import { DataSource } from 'typeorm';
import { queryRows } from '@app/common';
import { markRead } from '../../src/database/functions/mark_read.function';
import { newUser, seedGroup, startMessagingDb, streamOf } from '../support';

describe('mark_read', () => {
  let ds: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => ({ ds, close } = await startMessagingDb()));
  afterAll(() => close?.());

  const markerOf = async (conversationId: string, userId: string): Promise<number> => {
    const [row] = await queryRows<{ last_read_seq: number }>(
      ds,
      `SELECT last_read_seq FROM members WHERE conversation_id = $1 AND user_id = $2`,
      [conversationId, userId],
    );
    return row.last_read_seq;
  };
  const setMarker = (conversationId: string, userId: string, seq: number) =>
    ds.query(`UPDATE members SET last_read_seq = $3 WHERE conversation_id = $1 AND user_id = $2`, [conversationId, userId, seq]);

  it('moves the marker forward, never back, and no further than the last message', async () => {
    const a = newUser();
    const x = await seedGroup(ds, [a], { lastSeq: 5 });
    expect(await markRead(ds, { conversationId: x, viewerId: a, upToSeq: 3 })).toMatchObject({ status: 'ok', lastRead: 3 });
    expect(await markRead(ds, { conversationId: x, viewerId: a, upToSeq: 2 })).toEqual({
      status: 'unchanged',
      lastRead: 3,
      recipients: [],
      positions: [],
    });
    expect(await markRead(ds, { conversationId: x, viewerId: a, upToSeq: 3 })).toMatchObject({ status: 'unchanged', lastRead: 3 });
    expect(await markRead(ds, { conversationId: x, viewerId: a, upToSeq: 99 })).toMatchObject({ status: 'ok', lastRead: 5 });
    expect(await markerOf(x, a)).toBe(5);
  });

  it("tells the reader, and each other current member whose peers' highest marker rises", async () => {
    const [a, b, c] = [newUser(), newUser(), newUser()];
    const x = await seedGroup(ds, [a, b, c], { lastSeq: 5 });
    await setMarker(x, b, 3);
    // b's peers' highest goes 0 -> 2; c's stays 3 (b's).
    const first = await markRead(ds, { conversationId: x, viewerId: a, upToSeq: 2 });
    expect([...first.recipients].sort()).toEqual([a, b].sort());
    // Now both rise: b's to 4, c's from 3 to 4.
    const second = await markRead(ds, { conversationId: x, viewerId: a, upToSeq: 4 });
    expect(Object.fromEntries(second.recipients.map((u, i) => [u, second.positions[i]]))).toEqual({ [a]: '2', [b]: '2', [c]: '1' });
    expect(await streamOf(ds, c)).toEqual([
      { pos: '1', type: 'ReadMarkerMoved', conversation_id: x, message_id: null, data: { userId: a, lastReadSeq: 4 } },
    ]);
    expect((await streamOf(ds, a)).map((u) => u.data)).toEqual([
      { userId: a, lastReadSeq: 2 },
      { userId: a, lastReadSeq: 4 },
    ]);
  });

  it("counts a former member's marker among the peers, but tells them nothing", async () => {
    const [a, b, gone] = [newUser(), newUser(), newUser()];
    const x = await seedGroup(ds, [a, b], { former: [gone], lastSeq: 5 });
    await setMarker(x, gone, 4);
    // b's peers' highest is gone's 4: a reading to 3 does not raise it.
    expect((await markRead(ds, { conversationId: x, viewerId: a, upToSeq: 3 })).recipients).toEqual([a]);
    expect(await streamOf(ds, gone)).toEqual([]);
  });

  it('is not_found for someone who never was a member, or no such conversation', async () => {
    const [a, stranger] = [newUser(), newUser()];
    const x = await seedGroup(ds, [a], { lastSeq: 2 });
    expect(await markRead(ds, { conversationId: x, viewerId: stranger, upToSeq: 1 })).toMatchObject({ status: 'not_found' });
    expect(await markRead(ds, { conversationId: '00000000-0000-4000-8000-000000000000', viewerId: a, upToSeq: 1 })).toMatchObject({
      status: 'not_found',
    });
  });

  it('is former, with the marker they left with, for a member who left; the marker stays', async () => {
    const [a, gone] = [newUser(), newUser()];
    const x = await seedGroup(ds, [a], { former: [gone], lastSeq: 5 });
    await setMarker(x, gone, 2);
    expect(await markRead(ds, { conversationId: x, viewerId: gone, upToSeq: 5 })).toEqual({
      status: 'former',
      lastRead: 2,
      recipients: [],
      positions: [],
    });
    expect(await markerOf(x, gone)).toBe(2);
  });
});
