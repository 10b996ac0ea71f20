import { randomUUID } from 'node:crypto';
import { connect, NatsConnection } from 'nats';
import { Client as PgClient } from 'pg';
import { ensureStream, publishEvent, RpcClient } from '@app/common';
import { ChatMoneyChangedEvent, ChatMoneyEvents, MessagingMembersSubjects, MessagingSubjects as S } from '@app/contracts';
import { SignedUp, TestPlatform } from '@test/support';

/** Messaging's side of money in chats: the members it tells payments, and the messages that follow payments' events. */
describe('messaging: money in chats', () => {
  let p: TestPlatform;
  let rpc: RpcClient;
  let nc: NatsConnection;
  let db: PgClient;
  let ali: SignedUp;
  let sara: SignedUp;
  let reza: SignedUp;

  beforeAll(async () => {
    p = await TestPlatform.start({ services: ['accounts', 'messaging'] });
    rpc = p.services.get('messaging')!.get(RpcClient);
    nc = await connect({ servers: process.env.NATS_URL!.split(',') });
    db = new PgClient({ connectionString: p.databaseUrl, options: '-c search_path=messaging,public' });
    await db.connect();
    [ali, sara, reza] = await Promise.all([p.signUp('علی'), p.signUp('سارا'), p.signUp('رضا')]);
    await ensureStream(nc, ChatMoneyEvents.Stream, [ChatMoneyEvents.Changed]);
  });
  afterAll(async () => {
    await db?.end();
    await nc?.close();
    await p?.close();
  });

  const event = (conversationId: string, refId: string, version: number): ChatMoneyChangedEvent => ({
    eventId: `money-request:${refId}:${version}`,
    kind: 'MONEY_REQUEST',
    refId,
    conversationId,
    senderId: ali.userId,
    version,
    createdAt: new Date().toISOString(),
  });
  /** Each update about the record's message, per user, as its type. */
  const updatesOf = async (refId: string) =>
    (
      await db.query(
        `SELECT u.user_id, u.type FROM updates u JOIN messages m ON m.id = u.message_id WHERE m.ref_id = $1 ORDER BY u.user_id, u.pos`,
        [refId],
      )
    ).rows as Array<{ user_id: string; type: string }>;
  async function settled(refId: string, count: number) {
    for (let i = 0; i < 100 && (await updatesOf(refId)).length < count; i++) await new Promise((r) => setTimeout(r, 100));
    // Whatever else was going to arrive has had its chance.
    await new Promise((r) => setTimeout(r, 500));
    return updatesOf(refId);
  }

  it('names the kind, the current members among those asked, and a direct conversation’s two users', async () => {
    const g = await rpc.send(S.CreateGroup, { viewerId: ali.userId, title: 'سفر', memberIds: [sara.userId] });
    const asked = await rpc.send(MessagingMembersSubjects.ConversationMembers, {
      conversationId: g.id,
      userIds: [ali.userId, sara.userId, reza.userId],
    });
    expect(asked.kind).toBe('GROUP');
    expect(asked.members.sort()).toEqual([ali.userId, sara.userId].sort());
    expect(asked.directPair).toBeNull();
    const d = await rpc.send(S.StartDirect, { viewerId: ali.userId, userId: reza.userId });
    const direct = await rpc.send(MessagingMembersSubjects.ConversationMembers, { conversationId: d.id, userIds: [ali.userId] });
    expect(direct).toMatchObject({ kind: 'DIRECT', members: [ali.userId] });
    expect(direct.directPair!.sort()).toEqual([ali.userId, reza.userId].sort());
    expect(await rpc.send(MessagingMembersSubjects.ConversationMembers, { conversationId: randomUUID(), userIds: [] })).toEqual({
      kind: null,
      members: [],
      directPair: null,
    });
  });

  it('posts the message once and announces each later version once to current members, whatever the order and repeats', async () => {
    const g = await rpc.send(S.CreateGroup, { viewerId: ali.userId, title: 'شام', memberIds: [sara.userId, reza.userId] });
    await rpc.send(S.Leave, { viewerId: reza.userId, conversationId: g.id });
    const refId = randomUUID();
    const js = nc.jetstream();
    // The paid state first (as from another copy), then the creation, then the paid state again under another id.
    await publishEvent(js, ChatMoneyEvents.Changed, event(g.id, refId, 2), `${refId}:2`);
    await publishEvent(js, ChatMoneyEvents.Changed, event(g.id, refId, 1), `${refId}:1`);
    await publishEvent(js, ChatMoneyEvents.Changed, event(g.id, refId, 2), `${refId}:2:again`);
    const updates = await settled(refId, 4);
    const messages = (await db.query(`SELECT kind, client_id, ref_version FROM messages WHERE ref_id = $1`, [refId])).rows;
    expect(messages).toEqual([{ kind: 'MONEY_REQUEST', client_id: `money-request:${refId}`, ref_version: 2 }]);
    const byUser = (id: string) => updates.filter((u) => u.user_id === id).map((u) => u.type);
    // Added, then edited once (the version it was posted with was older than the one announced).
    expect(byUser(ali.userId)).toEqual(['MessageAdded', 'MessageEdited']);
    expect(byUser(sara.userId)).toEqual(['MessageAdded', 'MessageEdited']);
    // A member who left sees nothing new.
    expect(byUser(reza.userId)).toEqual([]);

    await publishEvent(js, ChatMoneyEvents.Changed, event(g.id, refId, 3), `${refId}:3`);
    const later = await settled(refId, 6);
    expect(later.filter((u) => u.type === 'MessageEdited')).toHaveLength(4);
  });
});
