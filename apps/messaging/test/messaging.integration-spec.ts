import { randomUUID } from 'node:crypto';
import { connect, NatsConnection } from 'nats';
import { Client as PgClient } from 'pg';
import { ensureStream, publishEvent, RpcClient } from '@app/common';
import {
  ErrorCode,
  MessagingIntegrationSubjects as I,
  MessagingSubjects as S,
  PaymentsEvents,
  TransferCompletedEvent,
  BillPaidEvent,
} from '@app/contracts';
import { SignedUp, TestPlatform } from '@test/support';

/** Messaging as the other services see it: its integration subjects and its payments consumer, over real NATS and PostgreSQL. */
describe('messaging service', () => {
  let p: TestPlatform;
  let rpc: RpcClient;
  let nc: NatsConnection;
  let db: PgClient;
  let ali: SignedUp;
  let sara: SignedUp;
  let reza: SignedUp;

  beforeAll(async () => {
    p = await TestPlatform.start({ services: ['accounts', 'messaging'], env: { BLOCK_CACHE_MS: '0' } });
    rpc = p.services.get('messaging')!.get(RpcClient);
    nc = await connect({ servers: process.env.NATS_URL!.split(',') });
    db = new PgClient({ connectionString: p.databaseUrl, options: '-c search_path=messaging,public' });
    await db.connect();
    [ali, sara, reza] = await Promise.all([p.signUp('علی'), p.signUp('سارا'), p.signUp('رضا')]);
  });
  afterAll(async () => {
    await db?.end();
    await nc?.close();
    await p?.close();
  });

  const code = (promise: Promise<unknown>) =>
    promise.then(
      () => 'ok',
      (err) => err.code,
    );
  const messagesOf = async (conversationId: string) =>
    (
      await db.query(`SELECT seq, kind, sender_id, client_id, ref_id, text FROM messages WHERE conversation_id = $1 ORDER BY seq`, [
        conversationId,
      ])
    ).rows;
  const waitFor = async <T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> => {
    for (let i = 0; i < 100; i++) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((r) => setTimeout(r, 100));
    }
    return read();
  };

  describe(I.DirectConversation, () => {
    it('gets or creates the one direct conversation of two users', async () => {
      const a = await rpc.send(I.DirectConversation, { userId: ali.userId, otherUserId: sara.userId });
      const b = await rpc.send(I.DirectConversation, { userId: sara.userId, otherUserId: ali.userId });
      expect(b.conversationId).toBe(a.conversationId);
      const view = await rpc.send(S.GetConversation, { viewerId: ali.userId, conversationId: a.conversationId });
      expect(view).toMatchObject({ kind: 'DIRECT', peerId: sara.userId, memberCount: 2 });
    });

    it('is FORBIDDEN when either blocked the other', async () => {
      const [x, y] = await Promise.all([p.signUp(), p.signUp()]);
      await p.gql(`mutation($u:ID!){ blockUser(userId:$u){ id } }`, { u: x.userId }, y.token);
      expect(await code(rpc.send(I.DirectConversation, { userId: x.userId, otherUserId: y.userId }))).toBe(ErrorCode.Forbidden);
      expect(await code(rpc.send(I.DirectConversation, { userId: y.userId, otherUserId: x.userId }))).toBe(ErrorCode.Forbidden);
    });
  });

  describe(I.CheckMember, () => {
    it('says whether a user is a current member', async () => {
      const g = await rpc.send(S.CreateGroup, { viewerId: ali.userId, title: 'اعضا', memberIds: [sara.userId] });
      expect(await rpc.send(I.CheckMember, { conversationId: g.id, userId: sara.userId })).toEqual({ member: true });
      expect(await rpc.send(I.CheckMember, { conversationId: g.id, userId: reza.userId })).toEqual({ member: false });
      await rpc.send(S.Leave, { viewerId: sara.userId, conversationId: g.id });
      expect(await rpc.send(I.CheckMember, { conversationId: g.id, userId: sara.userId })).toEqual({ member: false });
    });
  });

  describe(I.AttachMessage, () => {
    it('posts a PAYMENT, BILL_PAYMENT or POST_SHARE message as its sender, with refId, once per clientId', async () => {
      const { conversationId } = await rpc.send(I.DirectConversation, { userId: ali.userId, otherUserId: reza.userId });
      const input = {
        conversationId,
        senderId: ali.userId,
        kind: 'PAYMENT' as const,
        refId: 'transfer-1',
        text: 'قسط اول',
        clientId: 'payment:transfer-1',
      };
      const [a, b] = await Promise.all([rpc.send(I.AttachMessage, input), rpc.send(I.AttachMessage, input)]);
      expect(b.id).toBe(a.id);
      expect(a).toMatchObject({ kind: 'PAYMENT', refId: 'transfer-1', senderId: ali.userId, text: 'قسط اول', conversationId });
      const post = await rpc.send(I.AttachMessage, {
        conversationId,
        senderId: reza.userId,
        kind: 'POST_SHARE',
        refId: 'post-9',
        text: null,
        clientId: 'share-1',
      });
      expect(post).toMatchObject({ kind: 'POST_SHARE', refId: 'post-9', text: null, seq: a.seq + 1 });
      const listed = await rpc.send(S.ListMessages, { viewerId: reza.userId, conversationId, last: 10 });
      expect(listed.edges.map((e) => [e.node.kind, e.node.refId])).toEqual([
        ['PAYMENT', 'transfer-1'],
        ['POST_SHARE', 'post-9'],
      ]);
    });

    it('is NOT_FOUND when the sender is not (or no longer) a member', async () => {
      const g = await rpc.send(S.CreateGroup, { viewerId: ali.userId, title: 'پرداخت', memberIds: [sara.userId] });
      const input = {
        conversationId: g.id,
        senderId: reza.userId,
        kind: 'BILL_PAYMENT' as const,
        refId: 'bill-1',
        clientId: 'bill:bill-1',
      };
      expect(await code(rpc.send(I.AttachMessage, input))).toBe(ErrorCode.NotFound);
      await rpc.send(S.Leave, { viewerId: sara.userId, conversationId: g.id });
      expect(await code(rpc.send(I.AttachMessage, { ...input, senderId: sara.userId }))).toBe(ErrorCode.NotFound);
      expect(await code(rpc.send(I.AttachMessage, { ...input, conversationId: randomUUID() }))).toBe(ErrorCode.NotFound);
    });
  });

  describe('payments events (JetStream)', () => {
    beforeAll(() => ensureStream(nc, PaymentsEvents.Stream, [PaymentsEvents.TransferCompleted, PaymentsEvents.BillPaid]));

    it('posts a PAYMENT message in the direct conversation, created if needed, exactly once however often it is delivered', async () => {
      const [x, y] = await Promise.all([p.signUp(), p.signUp()]);
      const transferId = randomUUID();
      const event: TransferCompletedEvent = {
        eventId: randomUUID(),
        transferId,
        fromUserId: x.userId,
        toUserId: y.userId,
        amount: '250000',
        note: 'برای ناهار',
        conversationId: null,
        createdAt: new Date().toISOString(),
      };
      const js = nc.jetstream();
      await publishEvent(js, PaymentsEvents.TransferCompleted, event, event.eventId);
      // A second delivery of the same transfer under another message id (a replay past the dedupe window).
      await publishEvent(js, PaymentsEvents.TransferCompleted, event, randomUUID());
      const { conversationId } = await rpc.send(I.DirectConversation, { userId: x.userId, otherUserId: y.userId });
      const rows = await waitFor(
        () => messagesOf(conversationId),
        (r) => r.length >= 1,
      );
      await new Promise((r) => setTimeout(r, 500));
      expect(await messagesOf(conversationId)).toEqual([
        { seq: 1, kind: 'PAYMENT', sender_id: x.userId, client_id: `payment:${transferId}`, ref_id: transferId, text: 'برای ناهار' },
      ]);
      expect(rows).toHaveLength(1);
    });

    it('posts a BILL_PAYMENT message where the payer shared it, and skips one for a conversation they left', async () => {
      const g = await rpc.send(S.CreateGroup, { viewerId: ali.userId, title: 'قبض‌ها', memberIds: [sara.userId] });
      const gone = await rpc.send(S.CreateGroup, { viewerId: ali.userId, title: 'رفته', memberIds: [sara.userId] });
      await rpc.send(S.Leave, { viewerId: sara.userId, conversationId: gone.id });
      const js = nc.jetstream();
      const bill = (conversationId: string, billPaymentId: string): BillPaidEvent => ({
        eventId: randomUUID(),
        billPaymentId,
        userId: sara.userId,
        conversationId,
        createdAt: new Date().toISOString(),
      });
      const skipped = bill(gone.id, randomUUID());
      const posted = bill(g.id, randomUUID());
      await publishEvent(js, PaymentsEvents.BillPaid, skipped, skipped.eventId);
      await publishEvent(js, PaymentsEvents.BillPaid, posted, posted.eventId);
      const rows = await waitFor(
        () => messagesOf(g.id),
        (r) => r.length >= 2,
      );
      expect(rows[1]).toMatchObject({
        seq: 2,
        kind: 'BILL_PAYMENT',
        sender_id: sara.userId,
        ref_id: posted.billPaymentId,
        client_id: `bill:${posted.billPaymentId}`,
      });
      expect((await messagesOf(gone.id)).map((m) => m.kind)).toEqual(['SYSTEM', 'SYSTEM']);
    });
  });

  describe('post_messages (a batch of sends in one transaction)', () => {
    it('gives each item its own outcome, and seqs only to the messages it stores, in the order received', async () => {
      const [x, y, z] = await Promise.all([p.signUp(), p.signUp(), p.signUp()]);
      const a = (await rpc.send(I.DirectConversation, { userId: x.userId, otherUserId: y.userId })).conversationId;
      const g = await rpc.send(S.CreateGroup, { viewerId: x.userId, title: 'دسته', memberIds: [y.userId, z.userId] });
      await rpc.send(S.Leave, { viewerId: z.userId, conversationId: g.id });
      const first = await rpc.send(S.SendMessage, { viewerId: x.userId, conversationId: a, clientId: 'before', text: 'پیش' });
      const item = (i: number, conversationId: string, senderId: string, clientId: string, extra: Record<string, unknown> = {}) => ({
        i,
        conversation_id: conversationId,
        sender_id: senderId,
        kind: 'TEXT',
        client_id: clientId,
        text: `t${i}`,
        search_doc: `t${i}`,
        ...extra,
      });
      const items = [
        item(0, a, x.userId, 'one'),
        item(1, g.id, y.userId, 'two'),
        item(2, a, y.userId, 'three'),
        item(3, a, x.userId, 'one'),
        item(4, a, x.userId, 'before'),
        item(5, g.id, z.userId, 'gone'),
        item(6, a, reza.userId, 'stranger'),
        item(7, g.id, y.userId, 'reply', { reply_to_id: first.id }),
        item(8, a, y.userId, 'reply-ok', { reply_to_id: first.id }),
      ];
      const rows = (
        await db.query(`SELECT idx, status, message_id, seq, recipients, positions FROM post_messages($1::jsonb, true)`, [
          JSON.stringify(items),
        ])
      ).rows;
      expect(rows.map((r) => [r.idx, r.status, r.seq])).toEqual([
        [0, 'ok', 2],
        [1, 'ok', 3],
        [2, 'ok', 3],
        [3, 'duplicate', 2],
        [4, 'duplicate', 1],
        [5, 'former', null],
        [6, 'not_found', null],
        [7, 'reply_not_found', null],
        [8, 'ok', 4],
      ]);
      expect(rows[3].message_id).toBe(rows[0].message_id);
      expect(rows[4].message_id).toBe(first.id);
      expect([...rows[0].recipients].sort()).toEqual([x.userId, y.userId].sort());
      expect(rows[1].recipients).toHaveLength(2);
      expect((await messagesOf(a)).map((m) => [m.seq, m.client_id])).toEqual([
        [1, 'before'],
        [2, 'one'],
        [3, 'three'],
        [4, 'reply-ok'],
      ]);
      const last = (await db.query(`SELECT last_seq FROM conversations WHERE id = $1`, [a])).rows[0];
      expect(last.last_seq).toBe(4);
      // Each recipient's positions run on without a gap across the batch.
      const ys = (await db.query(`SELECT pos FROM updates WHERE user_id = $1 ORDER BY pos`, [y.userId])).rows.map((r) => Number(r.pos));
      ys.forEach((pos, i) => expect(pos).toBe(i + 1));
    });
  });

  describe('update stream positions', () => {
    it('never shows a later position before an earlier one commits (a late commit is waited for, not skipped)', async () => {
      const { conversationId } = await rpc.send(I.DirectConversation, { userId: ali.userId, otherUserId: sara.userId });
      const head = BigInt((await rpc.send(S.ListUpdates, { viewerId: sara.userId, after: null, limit: 10 })).cursor);
      const slow = new PgClient({ connectionString: p.databaseUrl, options: '-c search_path=messaging,public' });
      await slow.connect();
      await slow.query('BEGIN');
      const [{ stream_pos }] = (
        await slow.query(`SELECT stream_pos FROM fan_out(ARRAY[$1]::uuid[], 'ConversationChanged', $2, NULL, NULL)`, [
          sara.userId,
          conversationId,
        ])
      ).rows;
      expect(BigInt(stream_pos)).toBe(head + 1n);
      // A send fanning out to the same user now waits for the open transaction…
      const sending = rpc.send(S.SendMessage, { viewerId: ali.userId, conversationId, clientId: randomUUID(), text: 'بعدی' });
      await new Promise((r) => setTimeout(r, 500));
      // …so a reader meanwhile sees neither position, rather than the later one alone.
      expect((await rpc.send(S.ListUpdates, { viewerId: sara.userId, after: head.toString(), limit: 10 })).updates).toEqual([]);
      await slow.query('COMMIT');
      await slow.end();
      await sending;
      const after = await rpc.send(S.ListUpdates, { viewerId: sara.userId, after: head.toString(), limit: 10 });
      expect(after.updates.map((u) => [u.type, u.cursor])).toEqual([
        ['ConversationChanged', (head + 1n).toString()],
        ['MessageAdded', (head + 2n).toString()],
      ]);
    });
  });
});
