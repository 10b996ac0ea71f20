import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { errorCode, SignedUp, TestPlatform } from '@test/support';
import { group, ok, startMessagingPlatform } from './messaging-helpers';

const SEND = `mutation($i:SendMessageInput!){ sendMessage(input:$i){ id seq text entities { kind offset length user { id } } } }`;
const COUNTS = `query($c:ID!){ conversation(id:$c){ unreadMentionCount unreadMentionSeqs } }`;

describe('mentions: @username and picker, unread mention counts', () => {
  let platform: TestPlatform;
  let db: Client;
  let alice: SignedUp;
  let bob: SignedUp;
  let carol: SignedUp;
  let outsider: SignedUp;
  const bobName = `bob_${Date.now().toString(36)}`;

  beforeAll(async () => {
    platform = await startMessagingPlatform();
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    [alice, bob, carol, outsider] = await Promise.all(['آلیس', 'باب', 'کارول', 'غریبه'].map((n) => platform.signUp(n)));
    ok(await platform.gql(`mutation($u:String){ updateProfile(input:{username:$u}){ id } }`, { u: bobName }, bob.token));
  });
  afterAll(async () => {
    await db?.end();
    await platform?.close();
  });

  const send = (who: SignedUp, c: string, text: string, entities?: unknown[]) =>
    platform.gql(SEND, { i: { conversationId: c, clientId: randomUUID(), text, entities } }, who.token);
  const counts = async (who: SignedUp, c: string) => ok(await platform.gql(COUNTS, { c }, who.token)).conversation;

  it('stores @username mentions with UTF-16 offsets and counts them for the one mentioned until read', async () => {
    const c = await group(platform, alice, [bob, carol]);
    const text = `😀 سلام @${bobName.toUpperCase()}، خوبی؟`;
    const sent = ok(await send(alice, c, text)).sendMessage;
    expect(sent.entities).toEqual([{ kind: 'MENTION', offset: 8, length: bobName.length + 1, user: { id: bob.userId } }]);
    expect(sent.text.slice(8, 8 + bobName.length + 1).toLowerCase()).toBe(`@${bobName}`);
    ok(await send(carol, c, 'بدون نام'));
    const second = ok(await send(carol, c, `@${bobName} دوباره`)).sendMessage;

    expect(await counts(bob, c)).toEqual({ unreadMentionCount: 2, unreadMentionSeqs: [sent.seq, second.seq] });
    expect((await counts(carol, c)).unreadMentionCount).toBe(0);
    // Others read the entities too.
    const read = ok(
      await platform.gql(
        `query($c:ID!){ messages(conversationId:$c, last:10){ edges { node { seq entities { user { id } } } } } }`,
        { c },
        carol.token,
      ),
    );
    expect(read.messages.edges.find((e: { node: { seq: number } }) => e.node.seq === sent.seq).node.entities).toEqual([
      { user: { id: bob.userId } },
    ]);

    ok(await platform.gql(`mutation($c:ID!,$s:Int!){ markRead(conversationId:$c, upToSeq:$s){ id } }`, { c, s: sent.seq }, bob.token));
    expect(await counts(bob, c)).toEqual({ unreadMentionCount: 1, unreadMentionSeqs: [second.seq] });
    ok(await platform.gql(`mutation($id:ID!){ deleteMessage(messageId:$id) }`, { id: second.id }, carol.token));
    expect(await counts(bob, c)).toEqual({ unreadMentionCount: 0, unreadMentionSeqs: [] });
  });

  it('picker mentions: members only, placed in the stored text, refused when out of the text', async () => {
    const c = await group(platform, alice, [bob, carol]);
    const text = '   سلام کارول و غریبه ';
    const sent = ok(
      await send(alice, c, text, [
        { offset: 8, length: 5, userId: carol.userId },
        { offset: 16, length: 5, userId: outsider.userId },
      ]),
    ).sendMessage;
    expect(sent.text).toBe('سلام کارول و غریبه');
    expect(sent.entities).toEqual([{ kind: 'TEXT_MENTION', offset: 5, length: 5, user: { id: carol.userId } }]);
    expect((await counts(carol, c)).unreadMentionCount).toBe(1);

    const bad = await send(alice, c, 'سلام', [{ offset: 2, length: 10, userId: carol.userId }]);
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions!.field).toBe('entities');
  });

  it('a retried send stores its mentions once; an edit finds them again', async () => {
    const c = await group(platform, alice, [bob, carol]);
    const clientId = randomUUID();
    const i = { conversationId: c, clientId, text: `@${bobName} سلام` };
    const [a, b] = await Promise.all([platform.gql(SEND, { i }, alice.token), platform.gql(SEND, { i }, alice.token)]);
    expect(ok(a).sendMessage.id).toBe(ok(b).sendMessage.id);
    const id = ok(a).sendMessage.id;
    const rows = await db.query(`SELECT count(*)::int AS n FROM messaging.message_entities WHERE message_id = $1`, [id]);
    expect(rows.rows[0].n).toBe(1);

    // A crash between storing the message and its mentions: the client's retry heals it.
    await db.query(`DELETE FROM messaging.message_entities WHERE message_id = $1`, [id]);
    expect(ok(await platform.gql(SEND, { i }, alice.token)).sendMessage.entities).toHaveLength(1);

    const edited = ok(
      await platform.gql(
        `mutation($id:ID!,$t:String!){ editMessage(messageId:$id, text:$t){ entities { offset } } }`,
        { id, t: `سلام دوباره @${bobName}` },
        alice.token,
      ),
    );
    expect(edited.editMessage.entities).toEqual([{ offset: 12 }]);
    const gone = ok(
      await platform.gql(
        `mutation($id:ID!,$t:String!){ editMessage(messageId:$id, text:$t){ entities { offset } } }`,
        { id, t: 'بدون نام' },
        alice.token,
      ),
    );
    expect(gone.editMessage.entities).toEqual([]);
    expect((await counts(bob, c)).unreadMentionCount).toBe(0);
  });

  it('mentioning yourself or an unknown username counts nothing', async () => {
    const c = await group(platform, alice, [bob]);
    const sent = ok(await send(bob, c, `@${bobName} و @nobody_here_xyz`)).sendMessage;
    expect(sent.entities.map((e: { user: { id: string } }) => e.user.id)).toEqual([bob.userId]);
    expect((await counts(bob, c)).unreadMentionCount).toBe(0);
  });
});
