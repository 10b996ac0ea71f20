import { DataSource } from 'typeorm';
import { queryRows } from '@app/common';
import { lockStreams } from '../../src/database/functions/lock_streams.function';
import { postMessage, PostMessageParams, PostedMessage } from '../../src/database/functions/post_message.function';
import { lastSeqOf, newUser, seedGroup, startMessagingDb, streamOf } from '../support';

describe('post_message', () => {
  let ds: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => ({ ds, close } = await startMessagingDb()));
  afterAll(() => close?.());

  let n = 0;
  const text = (conversationId: string, senderId: string | null, extra: Partial<PostMessageParams> = {}): PostMessageParams => ({
    conversationId,
    senderId,
    kind: senderId ? 'TEXT' : 'SYSTEM',
    clientId: senderId ? `c${++n}` : null,
    text: 'سلام',
    searchDoc: 'سلام',
    ...extra,
  });
  const posted = async (p: PostMessageParams): Promise<PostedMessage> => {
    const result = await postMessage(ds, p);
    if (result.status !== 'ok' && result.status !== 'duplicate') throw new Error(`post_message: ${result.status}`);
    return result;
  };

  it('stores the message at last_seq + 1 and moves the conversation on', async () => {
    const a = newUser();
    const conversationId = await seedGroup(ds, [a], { lastSeq: 4 });
    const first = await posted(text(conversationId, a, { replyToId: null, refId: 'ref-1' }));
    const second = await posted(text(conversationId, a));
    expect([first.status, first.seq, second.seq]).toEqual(['ok', 5, 6]);
    expect(await lastSeqOf(ds, conversationId)).toBe(6);
    const [conv] = await queryRows<{ last_activity_at: Date }>(ds, `SELECT last_activity_at FROM conversations WHERE id = $1`, [
      conversationId,
    ]);
    expect(conv.last_activity_at).toEqual(second.createdAt);
    const [row] = await queryRows<{ seq: number; sender_id: string; kind: string; ref_id: string; created_at: Date }>(
      ds,
      `SELECT seq, sender_id, kind, ref_id, created_at FROM messages WHERE id = $1`,
      [first.messageId],
    );
    expect(row).toEqual({ seq: 5, sender_id: a, kind: 'TEXT', ref_id: 'ref-1', created_at: first.createdAt });
  });

  it('sends MessageAdded to every current member and the extra recipients, not to former members', async () => {
    const [a, b, gone, removed] = [newUser(), newUser(), newUser(), newUser()];
    const conversationId = await seedGroup(ds, [a, b], { former: [gone, removed] });
    const result = await posted(text(conversationId, a, { extraRecipients: [removed] }));
    expect([...result.recipients].sort()).toEqual([a, b, removed].sort());
    expect(result.positions).toEqual(['1', '1', '1']);
    const [update] = await streamOf(ds, removed);
    expect(update).toMatchObject({ pos: '1', type: 'MessageAdded', conversation_id: conversationId, message_id: result.messageId });
    expect(await streamOf(ds, gone)).toEqual([]);
  });

  it('returns the first message for a reused clientId, taking no seq and appending no update', async () => {
    const [a, b] = [newUser(), newUser()];
    const conversationId = await seedGroup(ds, [a, b]);
    const first = await posted(text(conversationId, a, { clientId: 'again' }));
    const again = await posted(text(conversationId, a, { clientId: 'again', text: 'دیگر' }));
    expect(again).toEqual({ ...first, status: 'duplicate', recipients: [], positions: [] });
    expect(await lastSeqOf(ds, conversationId)).toBe(1);
    expect(await streamOf(ds, b)).toHaveLength(1);
    // Another sender's same clientId is another message.
    expect((await posted(text(conversationId, b, { clientId: 'again' }))).seq).toBe(2);
  });

  it('is not_found for a sender who never was a member, or no such conversation', async () => {
    const [a, stranger] = [newUser(), newUser()];
    const conversationId = await seedGroup(ds, [a]);
    expect(await postMessage(ds, text(conversationId, stranger))).toEqual({ status: 'not_found' });
    expect(await postMessage(ds, text('00000000-0000-4000-8000-000000000000', a))).toEqual({ status: 'not_found' });
    expect(await lastSeqOf(ds, conversationId)).toBe(0);
  });

  it('is former for a member who left or was removed', async () => {
    const [a, gone] = [newUser(), newUser()];
    const conversationId = await seedGroup(ds, [a], { former: [gone] });
    expect(await postMessage(ds, text(conversationId, gone))).toEqual({ status: 'former' });
  });

  it('is reply_not_found for a reply to a message of another conversation, or to a SYSTEM message', async () => {
    const a = newUser();
    const [here, there] = [await seedGroup(ds, [a]), await seedGroup(ds, [a])];
    const elsewhere = await posted(text(there, a));
    const system = await posted(text(here, null));
    expect(await postMessage(ds, text(here, a, { replyToId: elsewhere.messageId }))).toEqual({ status: 'reply_not_found' });
    expect(await postMessage(ds, text(here, a, { replyToId: system.messageId }))).toEqual({ status: 'reply_not_found' });
    const own = await posted(text(here, a));
    const reply = await posted(text(here, a, { replyToId: own.messageId }));
    const [row] = await queryRows<{ reply_to_id: string }>(ds, `SELECT reply_to_id FROM messages WHERE id = $1`, [reply.messageId]);
    expect(row.reply_to_id).toBe(own.messageId);
    expect(await lastSeqOf(ds, here)).toBe(3);
  });

  it('stores SYSTEM messages (no sender, no clientId) without a membership, each one', async () => {
    const a = newUser();
    const conversationId = await seedGroup(ds, [a]);
    const [x, y] = [await posted(text(conversationId, null)), await posted(text(conversationId, null))];
    expect([x.status, x.seq, y.status, y.seq]).toEqual(['ok', 1, 'ok', 2]);
    expect(x.recipients).toEqual([a]);
  });

  it('appends under stream locks the caller already holds', async () => {
    const a = newUser();
    const conversationId = await seedGroup(ds, [a]);
    const result = await ds.transaction(async (db) => {
      await db.query(`SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE`, [conversationId]);
      await lockStreams(db, { userIds: [a] });
      return postMessage(db, { ...text(conversationId, a), streamsLocked: true });
    });
    expect(result).toMatchObject({ status: 'ok', seq: 1, recipients: [a], positions: ['1'] });
  });
});
