import { DataSource } from 'typeorm';
import { PostedMessage, PostMessageResult } from '../../src/database/functions/post_message.function';
import { isReusedClientId, postMessages, PostMessagesItem } from '../../src/database/functions/post_messages.function';
import { lastSeqOf, newUser, seedGroup, startMessagingDb, streamOf } from '../support';

describe('post_messages', () => {
  let ds: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => ({ ds, close } = await startMessagingDb()));
  afterAll(() => close?.());

  let n = 0;
  const item = (conversationId: string, senderId: string, extra: Partial<PostMessagesItem> = {}): PostMessagesItem => ({
    conversationId,
    senderId,
    kind: 'TEXT',
    clientId: `c${++n}`,
    text: 'سلام',
    searchDoc: 'سلام',
    ...extra,
  });
  const stored = (r: PostMessageResult | undefined): PostedMessage => {
    if (r?.status !== 'ok' && r?.status !== 'duplicate') throw new Error(`not stored: ${r?.status}`);
    return r;
  };

  it('numbers each conversation on from its last_seq, in the order of the items, and answers in that order', async () => {
    const a = newUser();
    const [x, y] = [await seedGroup(ds, [a], { lastSeq: 10 }), await seedGroup(ds, [a])];
    const results = await postMessages(ds, { items: [item(x, a), item(y, a), item(x, a), item(y, a), item(x, a)], checkStored: false });
    expect(results.map((r) => [r?.status, stored(r).seq])).toEqual([
      ['ok', 11],
      ['ok', 1],
      ['ok', 12],
      ['ok', 2],
      ['ok', 13],
    ]);
    expect([await lastSeqOf(ds, x), await lastSeqOf(ds, y)]).toEqual([13, 2]);
  });

  it("appends each stored message to its members' streams in item order, with the positions returned", async () => {
    const [a, b, c] = [newUser(), newUser(), newUser()];
    const [x, y] = [await seedGroup(ds, [a, b]), await seedGroup(ds, [a, c])];
    const results = (await postMessages(ds, { items: [item(x, b), item(y, c), item(x, a)], checkStored: false })).map(stored);
    expect(results.map((r) => Object.fromEntries(r.recipients.map((u, i) => [u, r.positions[i]])))).toEqual([
      { [a]: '1', [b]: '1' },
      { [a]: '2', [c]: '1' },
      { [a]: '3', [b]: '2' },
    ]);
    expect((await streamOf(ds, a)).map((u) => [u.type, u.message_id])).toEqual(results.map((r) => ['MessageAdded', r.messageId]));
  });

  it('stores a clientId repeated in the batch once, and gives the others the first message', async () => {
    const a = newUser();
    const x = await seedGroup(ds, [a]);
    const [before] = (await postMessages(ds, { items: [item(x, a, { clientId: 'old' })], checkStored: false })).map(stored);
    const results = (
      await postMessages(ds, {
        items: [item(x, a, { clientId: 'new' }), item(x, a, { clientId: 'old' }), item(x, a, { clientId: 'new', text: 'دوم' })],
        checkStored: true,
      })
    ).map(stored);
    expect(results.map((r) => [r.status, r.messageId, r.seq])).toEqual([
      ['ok', results[0].messageId, 2],
      ['duplicate', before.messageId, 1],
      ['duplicate', results[0].messageId, 2],
    ]);
    expect(await lastSeqOf(ds, x)).toBe(2);
    expect(await streamOf(ds, a)).toHaveLength(2);
  });

  it('without the look-up of stored clientIds, a reused one fails the whole call and stores nothing', async () => {
    const a = newUser();
    const x = await seedGroup(ds, [a]);
    await postMessages(ds, { items: [item(x, a, { clientId: 'old' })], checkStored: false });
    const failed = await postMessages(ds, { items: [item(x, a), item(x, a, { clientId: 'old' })], checkStored: false }).catch(
      (err: unknown) => err,
    );
    expect(isReusedClientId(failed)).toBe(true);
    expect(await lastSeqOf(ds, x)).toBe(1);
    expect(await streamOf(ds, a)).toHaveLength(1);
    // A batch of new clientIds repeated inside it is still answered without the look-up.
    const results = (
      await postMessages(ds, { items: [item(x, a, { clientId: 'twice' }), item(x, a, { clientId: 'twice' })], checkStored: false })
    ).map(stored);
    expect(results.map((r) => [r.status, r.seq])).toEqual([
      ['ok', 2],
      ['duplicate', 2],
    ]);
  });

  it('refuses items one by one, and refused items take no seq', async () => {
    const [a, stranger, gone] = [newUser(), newUser(), newUser()];
    const x = await seedGroup(ds, [a], { former: [gone] });
    const other = await seedGroup(ds, [a]);
    const [elsewhere] = (await postMessages(ds, { items: [item(other, a)], checkStored: false })).map(stored);
    const [here] = (await postMessages(ds, { items: [item(x, a)], checkStored: false })).map(stored);
    const results = await postMessages(ds, {
      items: [
        item(x, a),
        item(x, stranger),
        item(x, gone),
        item(x, a, { replyToId: elsewhere.messageId }),
        item('00000000-0000-4000-8000-000000000000', a),
        item(x, a, { replyToId: here.messageId }),
      ],
      checkStored: false,
    });
    expect(results.map((r) => r?.status)).toEqual(['ok', 'not_found', 'former', 'reply_not_found', 'not_found', 'ok']);
    expect([stored(results[0]).seq, stored(results[5]).seq]).toEqual([2, 3]);
    expect(await lastSeqOf(ds, x)).toBe(3);
  });

  it('gives concurrent batches on one conversation one gapless run of seqs', async () => {
    const [a, b] = [newUser(), newUser()];
    const x = await seedGroup(ds, [a, b]);
    const batches = await Promise.all(
      Array.from({ length: 5 }, () =>
        postMessages(ds, { items: Array.from({ length: 4 }, (_, i) => item(x, i % 2 ? a : b)), checkStored: false }),
      ),
    );
    const seqs = batches.flat().map((r) => stored(r).seq);
    expect(seqs.sort((p, q) => p - q)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await streamOf(ds, a)).map((u) => Number(u.pos))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});
