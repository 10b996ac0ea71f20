import { errorCode, SignedUp, TestPlatform } from '@test/support';
import { direct, group, headCursor, ok, send, sendRaw, SEND, sql, startMessagingPlatform, updatesAfter } from './messaging-helpers';

const PAGE = `query($c:ID!,$f:Int,$a:String,$l:Int,$b:String){ messages(conversationId:$c, first:$f, after:$a, last:$l, before:$b){
  pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { seq text deletedAt } } } }`;

describe('messaging messages', () => {
  let p: TestPlatform;
  let ali: SignedUp;
  let sara: SignedUp;
  let reza: SignedUp;

  beforeAll(async () => {
    p = await startMessagingPlatform();
    [ali, sara, reza] = await Promise.all([p.signUp('علی'), p.signUp('سارا'), p.signUp('رضا')]);
  });
  afterAll(() => p?.close());

  const page = async (user: SignedUp, c: string, args: Record<string, unknown> = {}) =>
    ok(await p.gql(PAGE, { c, ...args }, user.token)).messages;

  describe('sendMessage', () => {
    it('stores the message before answering, with seq 1, 2, 3 and the safe Persian repairs', async () => {
      const id = await direct(p, ali, sara);
      const m1 = await send(p, ali, id, '  سلام علي، كجايي؟  ');
      const m2 = await send(p, sara, id, 'خوبم\nتو چطوری؟');
      const m3 = await send(p, ali, id, 'https://example.com/a?b=1 ۱۲۳');
      expect([m1.seq, m2.seq, m3.seq]).toEqual([1, 2, 3]);
      expect(m1).toMatchObject({
        kind: 'TEXT',
        text: 'سلام علی، کجایی؟',
        sender: { id: ali.userId },
        editedAt: null,
        deletedAt: null,
        reactions: [],
      });
      expect(m2.text).toBe('خوبم\nتو چطوری؟');
      const rows = await sql(p, `SELECT seq, text FROM messaging.messages WHERE id = $1`, [m3.id]);
      expect(rows).toEqual([{ seq: 3, text: 'https://example.com/a?b=1 ۱۲۳' }]);
    });

    it('refuses empty, too long, and badly identified messages with BAD_USER_INPUT naming the field', async () => {
      const id = await direct(p, ali, reza);
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ text: '   \n ' }, 'text'],
        [{ text: 'ب'.repeat(4097) }, 'text'],
        [{ text: 'x', clientId: '' }, 'clientId'],
        [{ text: 'x', clientId: 'c'.repeat(65) }, 'clientId'],
      ];
      for (const [input, field] of cases) {
        const res = await p.gql(SEND, { i: { conversationId: id, clientId: 'k', ...input } }, ali.token);
        expect(errorCode(res)).toBe('BAD_USER_INPUT');
        expect(res.errors![0].extensions!.field).toContain(field);
      }
      expect((await send(p, ali, id, 'ب'.repeat(4096))).seq).toBe(1);
    });

    it('returns the first message for a clientId reused by the same sender, without taking a seq', async () => {
      const id = await direct(p, ali, reza);
      const input = { conversationId: id, clientId: 'retry-1', text: 'یک بار' };
      const [a, b] = await Promise.all([p.gql(SEND, { i: input }, ali.token), p.gql(SEND, { i: { ...input, text: 'دوباره' } }, ali.token)]);
      expect(ok(a).sendMessage.id).toBe(ok(b).sendMessage.id);
      const again = ok(await p.gql(SEND, { i: input }, ali.token)).sendMessage;
      expect(again).toMatchObject({ id: ok(a).sendMessage.id, clientId: 'retry-1' });
      const sameIdOtherSender = ok(await p.gql(SEND, { i: input }, reza.token)).sendMessage;
      expect(sameIdOtherSender.id).not.toBe(again.id);
      const next = await send(p, ali, id, 'بعدی');
      expect(next.seq).toBe(sameIdOtherSender.seq + 1);
      const rows = await sql(p, `SELECT count(*)::int AS n FROM messaging.messages WHERE conversation_id = $1 AND client_id = 'retry-1'`, [
        id,
      ]);
      expect(rows[0].n).toBe(2);
    });

    it('replies within the same conversation only', async () => {
      const id = await direct(p, ali, sara);
      const other = await direct(p, ali, reza);
      const target = await send(p, sara, id, 'سؤال');
      const reply = await send(p, ali, id, 'جواب', { replyToId: target.id });
      expect(reply.replyTo).toEqual({ id: target.id, seq: target.seq, text: 'سؤال' });
      const elsewhere = await sendRaw(p, ali, other, 'جواب', { replyToId: target.id });
      expect(errorCode(elsewhere)).toBe('BAD_USER_INPUT');
      expect(elsewhere.errors![0].extensions!.field).toBe('replyToId');
      const listed = ok(
        await p.gql(
          `query($c:ID!){ messages(conversationId:$c, last:1){ edges { node { replyTo { id replyTo { id } } } } } }`,
          { c: id },
          sara.token,
        ),
      );
      expect(listed.messages.edges[0].node.replyTo).toEqual({ id: target.id, replyTo: null });
    });
  });

  describe('editMessage', () => {
    const EDIT = `mutation($m:ID!,$t:String!){ editMessage(messageId:$m, text:$t){ id text editedAt seq } }`;
    it('lets the sender edit within 48 hours, and tells the members', async () => {
      const id = await direct(p, ali, sara);
      const m = await send(p, ali, id, 'اشتباه');
      const from = await headCursor(p, sara);
      const edited = ok(await p.gql(EDIT, { m: m.id, t: 'درست' }, ali.token)).editMessage;
      expect(edited).toMatchObject({ id: m.id, text: 'درست', seq: m.seq });
      expect(edited.editedAt).not.toBeNull();
      const { updates } = await updatesAfter(p, sara, from);
      expect(updates.map((u) => [u.__typename, u.message?.text])).toEqual([['MessageEdited', 'درست']]);
      expect(errorCode(await p.gql(EDIT, { m: m.id, t: 'من' }, sara.token))).toBe('FORBIDDEN');
      expect(errorCode(await p.gql(EDIT, { m: m.id, t: 'من' }, reza.token))).toBe('NOT_FOUND');
      await sql(p, `UPDATE messaging.messages SET created_at = now() - interval '48 hours 1 minute' WHERE id = $1`, [m.id]);
      expect(errorCode(await p.gql(EDIT, { m: m.id, t: 'دیر' }, ali.token))).toBe('FORBIDDEN');
    });
  });

  describe('deleteMessage', () => {
    const DELETE = `mutation($m:ID!,$e:Boolean){ deleteMessage(messageId:$m, forEveryone:$e) }`;
    it('deletes for everyone as the sender: text becomes null and deletedAt is set', async () => {
      const id = await direct(p, ali, sara);
      const m = await send(p, ali, id, 'پاک کن');
      expect(errorCode(await p.gql(DELETE, { m: m.id }, sara.token))).toBe('FORBIDDEN');
      expect(ok(await p.gql(DELETE, { m: m.id }, ali.token)).deleteMessage).toBe(true);
      const [node] = (await page(sara, id, { l: 1 })).edges.map((e: any) => e.node);
      expect(node.text).toBeNull();
      expect(node.deletedAt).not.toBeNull();
      expect(ok(await p.gql(DELETE, { m: m.id }, ali.token)).deleteMessage).toBe(true);
    });

    it("lets a group's owner and admins delete anyone's message, members only their own", async () => {
      const id = await group(p, ali, [sara, reza]);
      ok(
        await p.gql(
          `mutation($c:ID!,$u:ID!){ setMemberRole(conversationId:$c, userId:$u, role:ADMIN){ id } }`,
          { c: id, u: sara.userId },
          ali.token,
        ),
      );
      const m1 = await send(p, reza, id, 'یک');
      const m2 = await send(p, ali, id, 'دو');
      expect(errorCode(await p.gql(DELETE, { m: m2.id }, reza.token))).toBe('FORBIDDEN');
      expect(ok(await p.gql(DELETE, { m: m1.id }, sara.token)).deleteMessage).toBe(true);
      expect(ok(await p.gql(DELETE, { m: m2.id }, sara.token)).deleteMessage).toBe(true);
      const texts = (await page(reza, id)).edges.map((e: any) => e.node.text);
      expect(texts.slice(-2)).toEqual([null, null]);
    });

    it('hides a message for the viewer only with forEveryone: false', async () => {
      const id = await direct(p, ali, reza);
      const m = await send(p, ali, id, 'فقط برای من پاک شود');
      expect(ok(await p.gql(DELETE, { m: m.id, e: false }, reza.token)).deleteMessage).toBe(true);
      expect((await page(reza, id)).edges.map((e: any) => e.node.seq)).not.toContain(m.seq);
      expect((await page(ali, id)).edges.map((e: any) => e.node.text)).toContain('فقط برای من پاک شود');
    });
  });

  describe('forwardMessage', () => {
    const FORWARD = `mutation($m:ID!,$c:ID!,$k:String!){ forwardMessage(messageId:$m, toConversationId:$c, clientId:$k){ id seq text conversationId forwardedFrom { id } sender { id } } }`;
    it('posts a copy naming the original author, once per clientId', async () => {
      const from = await direct(p, sara, ali);
      const to = await direct(p, ali, reza);
      const original = await send(p, sara, from, 'خبر خوب');
      const a = ok(await p.gql(FORWARD, { m: original.id, c: to, k: 'fw-1' }, ali.token)).forwardMessage;
      expect(a).toMatchObject({ text: 'خبر خوب', conversationId: to, forwardedFrom: { id: sara.userId }, sender: { id: ali.userId } });
      const b = ok(await p.gql(FORWARD, { m: original.id, c: to, k: 'fw-1' }, ali.token)).forwardMessage;
      expect(b.id).toBe(a.id);
      const again = ok(await p.gql(FORWARD, { m: a.id, c: from, k: 'fw-2' }, ali.token)).forwardMessage;
      expect(again.forwardedFrom.id).toBe(sara.userId);
    });

    it('answers NOT_FOUND for a message or a target the viewer is not in', async () => {
      const hidden = await direct(p, sara, reza);
      const m = await send(p, sara, hidden, 'خصوصی');
      const mine = await direct(p, ali, sara);
      expect(errorCode(await p.gql(FORWARD, { m: m.id, c: mine, k: 'x1' }, ali.token))).toBe('NOT_FOUND');
      const own = await send(p, ali, mine, 'مال من');
      expect(errorCode(await p.gql(FORWARD, { m: own.id, c: hidden, k: 'x2' }, ali.token))).toBe('NOT_FOUND');
    });
  });

  describe('reactToMessage', () => {
    const REACT = `mutation($m:ID!,$e:String){ reactToMessage(messageId:$m, emoji:$e){ reactions { emoji count reactedByMe } } }`;
    it('keeps one reaction per user per message; null removes it', async () => {
      const id = await group(p, ali, [sara, reza]);
      const m = await send(p, ali, id, 'نظرتان؟');
      ok(await p.gql(REACT, { m: m.id, e: '👍' }, ali.token));
      ok(await p.gql(REACT, { m: m.id, e: '👍' }, sara.token));
      const r1 = ok(await p.gql(REACT, { m: m.id, e: '❤️' }, reza.token)).reactToMessage.reactions;
      expect(r1).toEqual([
        { emoji: '👍', count: 2, reactedByMe: false },
        { emoji: '❤️', count: 1, reactedByMe: true },
      ]);
      const r2 = ok(await p.gql(REACT, { m: m.id, e: '❤️' }, sara.token)).reactToMessage.reactions;
      expect(r2).toEqual([
        { emoji: '👍', count: 1, reactedByMe: false },
        { emoji: '❤️', count: 2, reactedByMe: true },
      ]);
      const r3 = ok(await p.gql(REACT, { m: m.id, e: null }, reza.token)).reactToMessage.reactions;
      expect(r3).toEqual([
        { emoji: '👍', count: 1, reactedByMe: false },
        { emoji: '❤️', count: 1, reactedByMe: false },
      ]);
      const rows = await sql(p, `SELECT count(*)::int AS n FROM messaging.reactions WHERE message_id = $1`, [m.id]);
      expect(rows[0].n).toBe(2);
      for (const bad of ['abc', '', '12', '👍 خوب'])
        expect(errorCode(await p.gql(REACT, { m: m.id, e: bad }, ali.token))).toBe('BAD_USER_INPUT');
    });
  });

  describe('messages', () => {
    let id: string;
    beforeAll(async () => {
      const other = await p.signUp();
      id = await direct(p, reza, other);
      for (let i = 1; i <= 45; i++) await send(p, i % 2 ? reza : other, id, `پیام ${i}`);
    });

    it('gives the newest 20 by default, in seq order', async () => {
      const res = await page(reza, id);
      expect(res.edges.map((e: any) => e.node.seq)).toEqual([...Array(20)].map((_, i) => 26 + i));
      expect(res.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false, startCursor: '26', endCursor: '45' });
    });

    it('pages back with last/before and forward with first/after, on stable cursors', async () => {
      const back = await page(reza, id, { l: 20, b: '26' });
      expect(back.edges.map((e: any) => e.node.seq)).toEqual([...Array(20)].map((_, i) => 6 + i));
      const oldest = await page(reza, id, { l: 20, b: back.pageInfo.startCursor });
      expect(oldest.edges.map((e: any) => e.node.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(oldest.pageInfo.hasPreviousPage).toBe(false);
      expect(oldest.pageInfo.hasNextPage).toBe(true);
      const fwd = await page(reza, id, { f: 10, a: '40' });
      expect(fwd.edges.map((e: any) => e.node.seq)).toEqual([41, 42, 43, 44, 45]);
      expect(fwd.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      await send(p, reza, id, 'تازه');
      const more = await page(reza, id, { f: 10, a: fwd.pageInfo.endCursor });
      expect(more.edges.map((e: any) => e.node.seq)).toEqual([46]);
      expect(errorCode(await p.gql(PAGE, { c: id, f: 101 }, reza.token))).toBe('BAD_USER_INPUT');
      expect(errorCode(await p.gql(PAGE, { c: id, a: 'x' }, reza.token))).toBe('BAD_USER_INPUT');
    });
  });

  describe('markRead', () => {
    const MARK = `mutation($c:ID!,$s:Int!){ markRead(conversationId:$c, upToSeq:$s){ lastReadSeq unreadCount peerReadSeq } }`;
    it("moves forward only; unreadCount counts others' undeleted messages after the marker; peerReadSeq follows the peer", async () => {
      const [ali, sara] = await Promise.all([p.signUp(), p.signUp()]);
      const id = await direct(p, ali, sara);
      await send(p, ali, id, 'از من');
      const m2 = await send(p, sara, id, 'یک');
      await send(p, sara, id, 'دو');
      await send(p, sara, id, 'سه');
      const c0 = ok(
        await p.gql(`query($c:ID!){ conversation(id:$c){ unreadCount lastReadSeq peerReadSeq } }`, { c: id }, ali.token),
      ).conversation;
      expect(c0).toEqual({ unreadCount: 3, lastReadSeq: 0, peerReadSeq: 0 });
      expect(ok(await p.gql(MARK, { c: id, s: 2 }, ali.token)).markRead).toEqual({ lastReadSeq: 2, unreadCount: 2, peerReadSeq: 0 });
      expect(ok(await p.gql(MARK, { c: id, s: 1 }, ali.token)).markRead.lastReadSeq).toBe(2);
      ok(await p.gql(`mutation($m:ID!){ deleteMessage(messageId:$m) }`, { m: m2.id }, sara.token));
      const from = await headCursor(p, sara);
      expect(ok(await p.gql(MARK, { c: id, s: 99 }, ali.token)).markRead).toEqual({ lastReadSeq: 4, unreadCount: 0, peerReadSeq: 0 });
      const seen = ok(await p.gql(`query($c:ID!){ conversation(id:$c){ peerReadSeq unreadCount } }`, { c: id }, sara.token)).conversation;
      expect(seen).toEqual({ peerReadSeq: 4, unreadCount: 1 });
      const { updates } = await updatesAfter(p, sara, from);
      expect(updates.map((u) => [u.__typename, u.userId, u.lastReadSeq])).toEqual([['ReadMarkerMoved', ali.userId, 4]]);
      expect(errorCode(await p.gql(MARK, { c: id, s: -1 }, ali.token))).toBe('BAD_USER_INPUT');
    });

    it('tells a group member only when their peerReadSeq rises', async () => {
      const id = await group(p, ali, [sara, reza]);
      for (let i = 0; i < 4; i++) await send(p, ali, id, `پیام ${i}`);
      const mark = (u: SignedUp, s: number) => p.gql(MARK, { c: id, s }, u.token);
      ok(await mark(sara, 5));
      const [a0, r0, s0] = await Promise.all([headCursor(p, ali), headCursor(p, reza), headCursor(p, sara)]);
      ok(await mark(reza, 3));
      expect((await updatesAfter(p, ali, a0)).updates).toHaveLength(0);
      expect((await updatesAfter(p, sara, s0)).updates.map((u) => u.lastReadSeq)).toEqual([3]);
      expect((await updatesAfter(p, reza, r0)).updates.map((u) => u.lastReadSeq)).toEqual([3]);
      const peer = async (u: SignedUp) =>
        ok(await p.gql(`query($c:ID!){ conversation(id:$c){ peerReadSeq } }`, { c: id }, u.token)).conversation.peerReadSeq;
      expect([await peer(ali), await peer(sara), await peer(reza)]).toEqual([5, 3, 5]);
    });
  });

  describe('searchMessages', () => {
    const SEARCH = `query($q:String!,$c:ID,$f:Int,$a:String){ searchMessages(query:$q, conversationId:$c, first:$f, after:$a){
      pageInfo { hasNextPage endCursor } edges { node { text conversationId } } } }`;
    let mine: string;
    let ali: SignedUp;
    let sara: SignedUp;
    let reza: SignedUp;
    beforeAll(async () => {
      [ali, sara, reza] = await Promise.all([p.signUp(), p.signUp(), p.signUp()]);
      mine = await direct(p, ali, sara);
      const theirs = await direct(p, sara, reza);
      await send(p, ali, mine, 'قيمت بنزين در سال ١٤٠٣');
      await send(p, sara, mine, 'كتاب‌خانهٔ ملّی بسته است');
      await send(p, sara, theirs, 'قیمت بنزین را دیدی؟');
      await send(p, ali, mine, 'امروز قیمت‌ها بالا رفت');
      const gone = await send(p, ali, mine, 'قیمت طلا');
      ok(await p.gql(`mutation($m:ID!){ deleteMessage(messageId:$m) }`, { m: gone.id }, ali.token));
    });
    const search = async (u: SignedUp, q: string, extra: Record<string, unknown> = {}) =>
      ok(await p.gql(SEARCH, { q, ...extra }, u.token)).searchMessages;

    it('folds Persian and Arabic forms and digits at index and query time, newest first, only where the viewer is', async () => {
      // Stored with the display repairs only (ي → ی in Persian text); searched with the full folding.
      expect((await search(ali, 'قیمت بنزین ۱۴۰۳')).edges.map((e: any) => e.node.text)).toEqual(['قیمت بنزین در سال ١٤٠٣']);
      expect((await search(ali, 'كتابخانه')).edges.map((e: any) => e.node.text)).toEqual(['کتاب‌خانهٔ ملّی بسته است']);
      expect((await search(ali, 'کتاب خانه')).edges).toHaveLength(1);
      expect((await search(ali, 'قيم')).edges.map((e: any) => e.node.text)).toEqual(['امروز قیمت‌ها بالا رفت', 'قیمت بنزین در سال ١٤٠٣']);
      expect((await search(sara, 'قیمت')).edges).toHaveLength(3);
      expect((await search(reza, 'قیمت')).edges.map((e: any) => e.node.text)).toEqual(['قیمت بنزین را دیدی؟']);
    });

    it('pages by cursor and filters by conversation, NOT_FOUND for one the viewer is not in', async () => {
      const one = await search(sara, 'قیمت', { f: 2 });
      const two = await search(sara, 'قیمت', { f: 2, a: one.pageInfo.endCursor });
      expect(one.pageInfo.hasNextPage).toBe(true);
      expect(two.pageInfo.hasNextPage).toBe(false);
      expect([...one.edges, ...two.edges].map((e: any) => e.node.text)).toEqual([
        'امروز قیمت‌ها بالا رفت',
        'قیمت بنزین را دیدی؟',
        'قیمت بنزین در سال ١٤٠٣',
      ]);
      expect((await search(sara, 'قیمت', { c: mine })).edges).toHaveLength(2);
      expect(errorCode(await p.gql(SEARCH, { q: 'قیمت', c: mine }, reza.token))).toBe('NOT_FOUND');
      expect(errorCode(await p.gql(SEARCH, { q: ' ؟! ' }, reza.token))).toBe('BAD_USER_INPUT');
    });

    it('finds for a removed member only what they saw, and nothing they deleted for themselves', async () => {
      const [owner, gone] = await Promise.all([p.signUp(), p.signUp()]);
      const g = await group(p, owner, [gone]);
      await send(p, owner, g, 'زرشک پیش از رفتن');
      const hidden = await send(p, owner, g, 'زرشک پنهان');
      ok(await p.gql(`mutation($m:ID!){ deleteMessage(messageId:$m, forEveryone:false) }`, { m: hidden.id }, gone.token));
      ok(await p.gql(`mutation($c:ID!,$u:ID!){ removeMember(conversationId:$c, userId:$u){ id } }`, { c: g, u: gone.userId }, owner.token));
      await send(p, owner, g, 'زرشک پس از رفتن');
      expect((await search(gone, 'زرشک')).edges.map((e: any) => e.node.text)).toEqual(['زرشک پیش از رفتن']);
      expect((await search(owner, 'زرشک')).edges).toHaveLength(3);
    });
  });
});
