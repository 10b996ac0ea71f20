import { DataSource } from 'typeorm';
import { fanOut } from '../../src/database/functions/fan_out.function';
import { newUser, seedGroup, startMessagingDb, streamOf } from '../support';

describe('fan_out', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let conversationId: string;

  beforeAll(async () => {
    ({ ds, close } = await startMessagingDb());
    conversationId = await seedGroup(ds, []);
  });
  afterAll(() => close?.());

  const changed = (userIds: string[]) => fanOut(ds, { userIds, type: 'ConversationChanged', conversationId, messageId: null, data: null });

  it("appends one update per user, at the next position of that user's own stream", async () => {
    const [a, b] = [newUser(), newUser()];
    await changed([a]);
    const out = await changed([a, b, a]);
    const pairs = out.recipients.map((r, i) => [r, out.positions[i]]);
    expect(pairs).toHaveLength(2);
    expect(pairs).toEqual(
      expect.arrayContaining([
        [a, '2'],
        [b, '1'],
      ]),
    );
    expect((await streamOf(ds, a)).map((u) => u.pos)).toEqual(['1', '2']);
    expect((await streamOf(ds, b)).map((u) => u.pos)).toEqual(['1']);
  });

  it('stores the type, the conversation, the message and the data with each update', async () => {
    const a = newUser();
    const messageId = '00000000-0000-4000-8000-000000000001';
    await fanOut(ds, { userIds: [a], type: 'MessageDeleted', conversationId, messageId, data: { seq: 7 } });
    expect(await streamOf(ds, a)).toEqual([
      { pos: '1', type: 'MessageDeleted', conversation_id: conversationId, message_id: messageId, data: { seq: 7 } },
    ]);
  });

  it('appends nothing for no users', async () => {
    expect(await changed([])).toEqual({ recipients: [], positions: [] });
  });

  it('gives concurrent fan-outs to one user distinct consecutive positions', async () => {
    const a = newUser();
    const results = await Promise.all(Array.from({ length: 10 }, () => changed([a])));
    expect(results.map((r) => Number(r.positions[0])).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('goes on from the newest row when older ones were pruned', async () => {
    const a = newUser();
    for (let i = 0; i < 3; i++) await changed([a]);
    await ds.query(`DELETE FROM updates WHERE user_id = $1 AND pos < 3`, [a]);
    expect(await changed([a])).toEqual({ recipients: [a], positions: ['4'] });
  });
});
