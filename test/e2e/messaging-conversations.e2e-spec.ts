import { errorCode, SignedUp, TestPlatform } from '@test/support';
import { CONVERSATION, direct, group, ok, send, sendRaw, sql, startMessagingPlatform } from './messaging-helpers';

const GET = `query($id:ID!){ conversation(id:$id){ ${CONVERSATION} members(first:50){ totalCount edges { cursor node { role user { id } } } } } }`;
const MESSAGES = `query($c:ID!){ messages(conversationId:$c, last:100){ edges { node { seq kind text sender { id } } } } }`;

describe('messaging conversations', () => {
  let p: TestPlatform;
  let ali: SignedUp;
  let sara: SignedUp;
  let reza: SignedUp;
  let mina: SignedUp;

  beforeAll(async () => {
    p = await startMessagingPlatform({ GROUP_MAX_MEMBERS: '6' });
    [ali, sara, reza, mina] = await Promise.all([p.signUp('علی'), p.signUp('سارا'), p.signUp('رضا'), p.signUp('مینا')]);
  });
  afterAll(() => p?.close());

  const get = async (user: SignedUp, id: string) => ok(await p.gql(GET, { id }, user.token)).conversation;
  const history = async (user: SignedUp, id: string) =>
    ok(await p.gql(MESSAGES, { c: id }, user.token)).messages.edges.map((e: any) => e.node);

  describe('startDirectConversation', () => {
    it('returns the same conversation again, from either side, titled with the other participant', async () => {
      const first = await p.gql(`mutation($u:ID!){ startDirectConversation(userId:$u){ ${CONVERSATION} } }`, { u: sara.userId }, ali.token);
      const c = ok(first).startDirectConversation;
      expect(c).toMatchObject({ kind: 'DIRECT', title: 'سارا', memberCount: 2, myRole: 'MEMBER', unreadCount: 0, lastMessage: null });
      expect(await direct(p, ali, sara)).toBe(c.id);
      expect(await direct(p, sara, ali)).toBe(c.id);
      expect((await get(sara, c.id)).title).toBe('علی');
    });

    it('creates one conversation when both users start it at the same time', async () => {
      const [x, y] = await Promise.all([p.signUp(), p.signUp()]);
      const ids = await Promise.all([...Array(6)].map((_, i) => (i % 2 ? direct(p, x, y) : direct(p, y, x))));
      expect(new Set(ids).size).toBe(1);
      const rows = await sql(p, `SELECT count(*)::int AS n FROM messaging.conversations WHERE direct_key LIKE $1`, [`%${x.userId}%`]);
      expect(rows[0].n).toBe(1);
    });

    it('is refused with FORBIDDEN when either user blocked the other, and so is a message in an existing one', async () => {
      const [x, y] = await Promise.all([p.signUp(), p.signUp()]);
      const id = await direct(p, x, y);
      ok(await p.gql(`mutation($u:ID!){ blockUser(userId:$u){ id } }`, { u: y.userId }, x.token));
      const start = `mutation($u:ID!){ startDirectConversation(userId:$u){ id } }`;
      expect(errorCode(await p.gql(start, { u: x.userId }, y.token))).toBe('FORBIDDEN');
      expect(errorCode(await p.gql(start, { u: y.userId }, x.token))).toBe('FORBIDDEN');
      expect(errorCode(await sendRaw(p, y, id, 'سلام'))).toBe('FORBIDDEN');
      expect(errorCode(await sendRaw(p, x, id, 'سلام'))).toBe('FORBIDDEN');
      ok(await p.gql(`mutation($u:ID!){ unblockUser(userId:$u){ id } }`, { u: y.userId }, x.token));
      expect((await send(p, y, id, 'سلام')).seq).toBe(1);
    });

    it('refuses yourself (BAD_USER_INPUT) and unknown users (NOT_FOUND)', async () => {
      const start = `mutation($u:ID!){ startDirectConversation(userId:$u){ id } }`;
      expect(errorCode(await p.gql(start, { u: ali.userId }, ali.token))).toBe('BAD_USER_INPUT');
      expect(errorCode(await p.gql(start, { u: '00000000-0000-4000-8000-000000000000' }, ali.token))).toBe('NOT_FOUND');
      expect(errorCode(await p.gql(start, { u: 'nobody' }, ali.token))).toBe('NOT_FOUND');
    });
  });

  describe('groups', () => {
    it('creates a group with its creator as OWNER, the others as MEMBER, and a SYSTEM message', async () => {
      const res = await p.gql(
        `mutation($m:[ID!]!){ createGroup(title:"  كتاب‌خوان‌ها  ", memberIds:$m){ id title myRole memberCount } }`,
        { m: [sara.userId, reza.userId, sara.userId] },
        ali.token,
      );
      const g = ok(res).createGroup;
      expect(g).toMatchObject({ title: 'کتاب‌خوان‌ها', myRole: 'OWNER', memberCount: 3 });
      const c = await get(sara, g.id);
      expect(c.myRole).toBe('MEMBER');
      expect(c.members.totalCount).toBe(3);
      expect(c.members.edges.map((e: any) => [e.node.user.id, e.node.role])).toEqual([
        [ali.userId, 'OWNER'],
        [sara.userId, 'MEMBER'],
        [reza.userId, 'MEMBER'],
      ]);
      const [system] = await history(sara, g.id);
      expect(system).toMatchObject({ seq: 1, kind: 'SYSTEM', sender: null });
      expect(system.text).toContain('علی');
    });

    it('pages members by cursor', async () => {
      const id = await group(p, ali, [sara, reza, mina]);
      const q = `query($id:ID!,$a:String){ conversation(id:$id){ members(first:2, after:$a){ totalCount pageInfo { hasNextPage endCursor } edges { node { user { id } } } } } }`;
      const one = ok(await p.gql(q, { id, a: null }, sara.token)).conversation.members;
      const two = ok(await p.gql(q, { id, a: one.pageInfo.endCursor }, sara.token)).conversation.members;
      expect(one.totalCount).toBe(4);
      expect(one.pageInfo.hasNextPage).toBe(true);
      expect(two.pageInfo.hasNextPage).toBe(false);
      expect([...one.edges, ...two.edges].map((e: any) => e.node.user.id)).toEqual([ali.userId, sara.userId, reza.userId, mina.userId]);
      expect(errorCode(await p.gql(`query($id:ID!){ conversation(id:$id){ members(first:101){ totalCount } } }`, { id }, sara.token))).toBe(
        'BAD_USER_INPUT',
      );
    });

    it('refuses a group past the member limit with BAD_USER_INPUT', async () => {
      const many = await Promise.all([...Array(6)].map(() => p.signUp()));
      const res = await p.gql(
        `mutation($m:[ID!]!){ createGroup(title:"بزرگ", memberIds:$m){ id } }`,
        { m: many.map((u) => u.userId) },
        ali.token,
      );
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      const id = await group(p, ali, many.slice(0, 4));
      const add = await p.gql(
        `mutation($c:ID!,$u:[ID!]!){ addMembers(conversationId:$c, userIds:$u){ memberCount } }`,
        { c: id, u: many.slice(4).map((u) => u.userId) },
        ali.token,
      );
      expect(errorCode(add)).toBe('BAD_USER_INPUT');
      expect((await get(ali, id)).memberCount).toBe(5);
    });

    describe('roles', () => {
      let id: string;
      beforeAll(async () => {
        id = await group(p, ali, [sara, reza, mina]);
        ok(
          await p.gql(
            `mutation($c:ID!,$u:ID!){ setMemberRole(conversationId:$c, userId:$u, role:ADMIN){ id } }`,
            { c: id, u: sara.userId },
            ali.token,
          ),
        );
      });
      const rename = (u: SignedUp, t: string) =>
        p.gql(`mutation($c:ID!,$t:String!){ renameGroup(conversationId:$c, title:$t){ title } }`, { c: id, t }, u.token);
      const setRole = (u: SignedUp, target: SignedUp, role: string) =>
        p.gql(
          `mutation($c:ID!,$u:ID!){ setMemberRole(conversationId:$c, userId:$u, role:${role}){ id } }`,
          { c: id, u: target.userId },
          u.token,
        );
      const remove = (u: SignedUp, target: SignedUp) =>
        p.gql(`mutation($c:ID!,$u:ID!){ removeMember(conversationId:$c, userId:$u){ memberCount } }`, { c: id, u: target.userId }, u.token);

      it('lets a MEMBER do none of the group changes', async () => {
        expect(errorCode(await rename(reza, 'نام'))).toBe('FORBIDDEN');
        expect(errorCode(await setRole(reza, mina, 'ADMIN'))).toBe('FORBIDDEN');
        expect(errorCode(await remove(reza, mina))).toBe('FORBIDDEN');
        expect(
          errorCode(
            await p.gql(
              `mutation($c:ID!,$u:[ID!]!){ addMembers(conversationId:$c, userIds:$u){ id } }`,
              { c: id, u: [mina.userId] },
              reza.token,
            ),
          ),
        ).toBe('FORBIDDEN');
        expect(
          errorCode(await p.gql(`mutation($c:ID!){ pinMessage(conversationId:$c, messageId:null){ id } }`, { c: id }, reza.token)),
        ).toBe('FORBIDDEN');
      });

      it('lets an ADMIN rename and remove members, but not change roles or remove the owner', async () => {
        expect(ok(await rename(sara, 'گروه تازه')).renameGroup.title).toBe('گروه تازه');
        expect(errorCode(await setRole(sara, reza, 'ADMIN'))).toBe('FORBIDDEN');
        expect(errorCode(await remove(sara, ali))).toBe('FORBIDDEN');
        expect(ok(await remove(sara, mina)).removeMember.memberCount).toBe(3);
      });

      it('lets the OWNER change roles but not their own, and remove an admin', async () => {
        expect(errorCode(await setRole(ali, ali, 'MEMBER'))).toBe('BAD_USER_INPUT');
        ok(await setRole(ali, reza, 'ADMIN'));
        expect((await get(reza, id)).myRole).toBe('ADMIN');
        expect(errorCode(await remove(reza, sara))).toBe('FORBIDDEN');
        expect(ok(await remove(ali, sara)).removeMember.memberCount).toBe(2);
      });

      it('posted a SYSTEM message for every membership change', async () => {
        const kinds = (await history(ali, id)).map((m: any) => [m.kind, m.sender]);
        expect(kinds.every(([kind, sender]: any) => kind === 'SYSTEM' && sender === null)).toBe(true);
        // created, sara → admin, renamed, mina removed, reza → admin, sara removed
        expect(kinds).toHaveLength(6);
      });

      it('refuses group changes in a direct conversation with BAD_USER_INPUT', async () => {
        const d = await direct(p, ali, reza);
        const res = await p.gql(`mutation($c:ID!){ renameGroup(conversationId:$c, title:"x"){ id } }`, { c: d }, ali.token);
        expect(errorCode(res)).toBe('BAD_USER_INPUT');
        expect(errorCode(await p.gql(`mutation($c:ID!){ leaveConversation(conversationId:$c) }`, { c: d }, ali.token))).toBe(
          'BAD_USER_INPUT',
        );
      });
    });

    it('keeps for a removed member what they saw, read-only, and nothing new', async () => {
      const id = await group(p, ali, [sara, reza]);
      await send(p, sara, id, 'پیش از حذف');
      ok(await p.gql(`mutation($c:ID!,$u:ID!){ removeMember(conversationId:$c, userId:$u){ id } }`, { c: id, u: reza.userId }, ali.token));
      await send(p, sara, id, 'پس از حذف');
      const seen = await history(reza, id);
      expect(seen.map((m: any) => m.seq)).toEqual([1, 2, 3]);
      expect(seen[1].text).toBe('پیش از حذف');
      expect(seen[2].kind).toBe('SYSTEM');
      const c = await get(reza, id);
      expect(c.lastMessage.seq).toBe(3);
      expect(c.memberCount).toBe(2);
      expect(errorCode(await sendRaw(p, reza, id, 'هنوز اینجایم؟'))).toBe('FORBIDDEN');
      expect(errorCode(await p.gql(`mutation($c:ID!){ setTyping(conversationId:$c) }`, { c: id }, reza.token))).toBe('FORBIDDEN');
      expect((await history(sara, id)).map((m: any) => m.seq)).toEqual([1, 2, 3, 4]);
    });

    it('hands ownership to the oldest admin when the last owner leaves, else to the oldest member', async () => {
      const id = await group(p, ali, [sara, reza, mina]);
      ok(
        await p.gql(
          `mutation($c:ID!,$u:ID!){ setMemberRole(conversationId:$c, userId:$u, role:ADMIN){ id } }`,
          { c: id, u: mina.userId },
          ali.token,
        ),
      );
      const leave = (u: SignedUp) => p.gql(`mutation($c:ID!){ leaveConversation(conversationId:$c) }`, { c: id }, u.token);
      expect(ok(await leave(ali)).leaveConversation).toBe(true);
      expect(ok(await leave(ali)).leaveConversation).toBe(true);
      expect((await get(mina, id)).myRole).toBe('OWNER');
      expect((await get(sara, id)).myRole).toBe('MEMBER');
      ok(await leave(mina));
      expect((await get(sara, id)).myRole).toBe('OWNER');
      expect((await get(reza, id)).myRole).toBe('MEMBER');
      expect((await get(sara, id)).memberCount).toBe(2);
      const texts = (await history(sara, id)).map((m: any) => m.text);
      expect(texts.filter((t: string) => t.includes('مالک'))).toHaveLength(2);
      expect(errorCode(await sendRaw(p, ali, id, 'برگشتم'))).toBe('FORBIDDEN');
    });

    it('brings a former member back with addMembers', async () => {
      const id = await group(p, ali, [sara]);
      ok(await p.gql(`mutation($c:ID!){ leaveConversation(conversationId:$c) }`, { c: id }, sara.token));
      const res = await p.gql(
        `mutation($c:ID!,$u:[ID!]!){ addMembers(conversationId:$c, userIds:$u){ memberCount } }`,
        { c: id, u: [sara.userId, mina.userId] },
        ali.token,
      );
      expect(ok(res).addMembers.memberCount).toBe(3);
      expect((await send(p, sara, id, 'برگشتم')).seq).toBeGreaterThan(1);
    });

    it('refuses with FORBIDDEN to put into a group someone who blocked you, and changes nothing', async () => {
      const [x, y, z] = await Promise.all([p.signUp('ایکس'), p.signUp('ایگرگ'), p.signUp('زد')]);
      ok(await p.gql(`mutation($u:ID!){ blockUser(userId:$u){ id } }`, { u: x.userId }, y.token));
      const CREATE = `mutation($m:[ID!]!){ createGroup(title:"بی‌اجازه", memberIds:$m){ id } }`;
      const refused = await p.gql(CREATE, { m: [z.userId, y.userId] }, x.token);
      expect(errorCode(refused)).toBe('FORBIDDEN');
      expect(refused.errors![0].message).toContain('ایگرگ');
      expect(await sql(p, `SELECT count(*)::int AS n FROM messaging.conversations WHERE created_by = $1`, [x.userId])).toEqual([{ n: 0 }]);

      const id = await group(p, x, [z]);
      const ADD = `mutation($c:ID!,$u:[ID!]!){ addMembers(conversationId:$c, userIds:$u){ memberCount } }`;
      expect(errorCode(await p.gql(ADD, { c: id, u: [y.userId] }, x.token))).toBe('FORBIDDEN');
      expect((await get(z, id)).members.totalCount).toBe(2);
      // The block is one-way: y may add x, and z (not blocked) may add y.
      ok(await p.gql(CREATE, { m: [x.userId] }, y.token));
      ok(
        await p.gql(
          `mutation($c:ID!,$u:ID!,$r:MemberRole!){ setMemberRole(conversationId:$c, userId:$u, role:$r){ id } }`,
          { c: id, u: z.userId, r: 'ADMIN' },
          x.token,
        ),
      );
      expect(ok(await p.gql(ADD, { c: id, u: [y.userId] }, z.token)).addMembers.memberCount).toBe(3);
      // Unblocked, x may add y like anyone.
      ok(await p.gql(`mutation($u:ID!){ unblockUser(userId:$u){ id } }`, { u: x.userId }, y.token));
      expect(ok(await p.gql(CREATE, { m: [y.userId] }, x.token)).createGroup.id).toBeTruthy();
    });
  });

  describe('authorization', () => {
    it('answers NOT_FOUND to a non-member for the conversation, its messages and sending, as for an unknown id', async () => {
      const id = await group(p, ali, [sara]);
      for (const cid of [id, '00000000-0000-4000-8000-000000000000', 'not-an-id']) {
        expect(errorCode(await p.gql(GET, { id: cid }, mina.token))).toBe('NOT_FOUND');
        expect(errorCode(await p.gql(MESSAGES, { c: cid }, mina.token))).toBe('NOT_FOUND');
        expect(errorCode(await sendRaw(p, mina, cid, 'سلام'))).toBe('NOT_FOUND');
        expect(errorCode(await p.gql(`mutation($c:ID!){ markRead(conversationId:$c, upToSeq:1){ id } }`, { c: cid }, mina.token))).toBe(
          'NOT_FOUND',
        );
        expect(errorCode(await p.gql(`mutation($c:ID!){ setTyping(conversationId:$c) }`, { c: cid }, mina.token))).toBe('NOT_FOUND');
      }
    });
  });

  describe('conversations', () => {
    it('lists the most recently active first, with lastMessage and unreadCount, paged by cursor', async () => {
      const u = await p.signUp('لیست');
      const [x, y, z] = await Promise.all([p.signUp(), p.signUp(), p.signUp()]);
      const a = await direct(p, u, x);
      const b = await direct(p, u, y);
      const c = await direct(p, u, z);
      await send(p, x, a, 'الف ۱');
      await send(p, z, c, 'ج ۱');
      await send(p, y, b, 'ب ۱');
      await send(p, y, b, 'ب ۲');
      const q = `query($a:String){ conversations(first:2, after:$a){ pageInfo { hasNextPage endCursor } edges { cursor node { id unreadCount lastMessage { text } } } } }`;
      const one = ok(await p.gql(q, { a: null }, u.token)).conversations;
      const two = ok(await p.gql(q, { a: one.pageInfo.endCursor }, u.token)).conversations;
      const nodes = [...one.edges, ...two.edges].map((e: any) => e.node);
      expect(nodes.map((n: any) => n.id)).toEqual([b, c, a]);
      expect(nodes.map((n: any) => n.lastMessage.text)).toEqual(['ب ۲', 'ج ۱', 'الف ۱']);
      expect(nodes.map((n: any) => n.unreadCount)).toEqual([2, 1, 1]);
      expect(one.pageInfo.hasNextPage).toBe(true);
      expect(two.pageInfo.hasNextPage).toBe(false);
      await send(p, x, a, 'الف ۲');
      const again = ok(await p.gql(q, { a: null }, u.token)).conversations;
      expect(again.edges[0].node.id).toBe(a);
      expect(errorCode(await p.gql(`{ conversations(first:0){ edges { cursor } } }`, {}, u.token))).toBe('BAD_USER_INPUT');
      expect(errorCode(await p.gql(q, { a: 'bogus' }, u.token))).toBe('BAD_USER_INPUT');
    });

    it('mutes for the viewer only', async () => {
      const id = await direct(p, ali, mina);
      const res = await p.gql(`mutation($c:ID!){ setMuted(conversationId:$c, muted:true){ muted } }`, { c: id }, ali.token);
      expect(ok(res).setMuted.muted).toBe(true);
      expect((await get(ali, id)).muted).toBe(true);
      expect((await get(mina, id)).muted).toBe(false);
    });

    it('pins and unpins a message: either side of a direct conversation, a group admin', async () => {
      const id = await direct(p, ali, mina);
      const m = await send(p, mina, id, 'این را سنجاق کن');
      const pin = (u: SignedUp, messageId: string | null, c = id) =>
        p.gql(
          `mutation($c:ID!,$m:ID){ pinMessage(conversationId:$c, messageId:$m){ pinnedMessage { id seq } } }`,
          { c, m: messageId },
          u.token,
        );
      expect(ok(await pin(ali, m.id)).pinMessage.pinnedMessage).toEqual({ id: m.id, seq: m.seq });
      expect((await get(mina, id)).pinnedMessage.id).toBe(m.id);
      expect(ok(await pin(mina, null)).pinMessage.pinnedMessage).toBeNull();
      const other = await group(p, ali, [mina]);
      expect(errorCode(await pin(ali, m.id, other))).toBe('NOT_FOUND');
    });
  });
});
