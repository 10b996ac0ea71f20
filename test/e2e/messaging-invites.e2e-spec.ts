import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { errorCode, SignedUp, TestPlatform } from '@test/support';
import { group, ok, startMessagingPlatform } from './messaging-helpers';

const LINK = `id conversationId token name expiresAt usageLimit useCount requiresApproval revokedAt pendingCount createdAt creator { id }`;
const CREATE = `mutation($i:CreateInviteLinkInput!){ createInviteLink(input:$i){ ${LINK} } }`;
const REVOKE = `mutation($id:ID!){ revokeInviteLink(id:$id){ ${LINK} } }`;
const PREVIEW = `query($t:String!){ inviteLinkPreview(token:$t){ conversationId title memberCount requiresApproval isMember pending } }`;
const JOIN = `mutation($t:String!){ joinByInviteLink(token:$t){ pending conversation { id memberCount myRole } } }`;
const REQUESTS = `query($c:ID!){ joinRequests(conversationId:$c){ edges { node { user { id } linkId } } } }`;
const APPROVE = `mutation($c:ID!,$u:ID!){ approveJoinRequest(conversationId:$c, userId:$u) }`;
const DECLINE = `mutation($c:ID!,$u:ID!){ declineJoinRequest(conversationId:$c, userId:$u) }`;
const LINKS = `query($c:ID!,$f:Int,$a:String){ inviteLinks(conversationId:$c, first:$f, after:$a){ edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
const MESSAGES = `query($c:ID!){ messages(conversationId:$c, last:20){ edges { node { kind text } } } }`;

describe('invite links, join requests and public groups', () => {
  let platform: TestPlatform;
  let db: Client;
  let owner: SignedUp;
  let admin: SignedUp;
  let member: SignedUp;
  let users: SignedUp[];

  beforeAll(async () => {
    platform = await startMessagingPlatform();
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    [owner, admin, member, ...users] = await Promise.all(Array.from({ length: 9 }, (_, i) => platform.signUp(`کاربر ${i}`)));
  });
  afterAll(async () => {
    await db?.end();
    await platform?.close();
  });

  async function newGroup(): Promise<string> {
    const id = await group(platform, owner, [admin, member]);
    ok(
      await platform.gql(
        `mutation($c:ID!,$u:ID!){ setMemberRole(conversationId:$c, userId:$u, role:ADMIN){ id } }`,
        { c: id, u: admin.userId },
        owner.token,
      ),
    );
    return id;
  }
  const create = (who: SignedUp, input: Record<string, unknown>) =>
    platform.gql(CREATE, { i: { idempotencyKey: randomUUID(), ...input } }, who.token);
  const join = (who: SignedUp, token: string) => platform.gql(JOIN, { t: token }, who.token);
  const systemTexts = async (c: string) =>
    ok(await platform.gql(MESSAGES, { c }, owner.token))
      .messages.edges.filter((e: { node: { kind: string } }) => e.node.kind === 'SYSTEM')
      .map((e: { node: { text: string } }) => e.node.text);

  it('admins make links; members may not; a retried create answers the same link', async () => {
    const c = await newGroup();
    const key = randomUUID();
    const first = ok(
      await platform.gql(CREATE, { i: { conversationId: c, idempotencyKey: key, name: 'دانشگاه' } }, admin.token),
    ).createInviteLink;
    expect(first).toMatchObject({
      conversationId: c,
      name: 'دانشگاه',
      useCount: 0,
      requiresApproval: false,
      creator: { id: admin.userId },
    });
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const again = ok(
      await platform.gql(CREATE, { i: { conversationId: c, idempotencyKey: key, name: 'دانشگاه' } }, admin.token),
    ).createInviteLink;
    expect(again.id).toBe(first.id);
    const other = await platform.gql(CREATE, { i: { conversationId: c, idempotencyKey: key, name: 'دیگر' } }, admin.token);
    expect(errorCode(other)).toBe('IDEMPOTENCY_CONFLICT');
    expect(errorCode(await create(member, { conversationId: c }))).toBe('FORBIDDEN');
    expect(errorCode(await create(users[0], { conversationId: c }))).toBe('NOT_FOUND');
    expect(errorCode(await create(owner, { conversationId: c, requiresApproval: true, usageLimit: 3 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await create(owner, { conversationId: c, expiresAt: new Date(Date.now() - 1000).toISOString() }))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('joins by link with a SYSTEM message; a second join uses nothing; leave and come back', async () => {
    const c = await newGroup();
    const link = ok(await create(owner, { conversationId: c })).createInviteLink;
    const preview = ok(await platform.gql(PREVIEW, { t: link.token }, users[0].token)).inviteLinkPreview;
    expect(preview).toEqual({
      conversationId: c,
      title: 'گروه آزمایشی',
      memberCount: 3,
      requiresApproval: false,
      isMember: false,
      pending: false,
    });

    const joined = ok(await join(users[0], link.token)).joinByInviteLink;
    expect(joined).toEqual({ pending: false, conversation: { id: c, memberCount: 4, myRole: 'MEMBER' } });
    expect((await systemTexts(c)).at(-1)).toBe('«کاربر 3» با پیوند دعوت به گروه پیوست');
    expect(ok(await join(users[0], link.token)).joinByInviteLink.conversation.memberCount).toBe(4);
    const [row] = (await db.query(`SELECT use_count FROM messaging.invite_links WHERE id = $1`, [link.id])).rows;
    expect(row.use_count).toBe(1);

    ok(await platform.gql(`mutation($c:ID!){ leaveConversation(conversationId:$c) }`, { c }, users[0].token));
    expect(ok(await join(users[0], link.token)).joinByInviteLink.conversation.memberCount).toBe(4);
  });

  it('a removed member cannot come back by a link', async () => {
    const c = await newGroup();
    const link = ok(await create(owner, { conversationId: c })).createInviteLink;
    ok(await join(users[1], link.token));
    ok(
      await platform.gql(
        `mutation($c:ID!,$u:ID!){ removeMember(conversationId:$c, userId:$u){ id } }`,
        { c, u: users[1].userId },
        admin.token,
      ),
    );
    expect(errorCode(await join(users[1], link.token))).toBe('FORBIDDEN');
  });

  it('revoked, expired and used-up links admit no one and say why', async () => {
    const c = await newGroup();
    const revoked = ok(await create(owner, { conversationId: c })).createInviteLink;
    const gone = ok(await platform.gql(REVOKE, { id: revoked.id }, admin.token)).revokeInviteLink;
    expect(gone.revokedAt).not.toBeNull();
    expect(errorCode(await platform.gql(REVOKE, { id: revoked.id }, member.token))).toBe('FORBIDDEN');
    const refused = await join(users[2], revoked.token);
    expect(errorCode(refused)).toBe('NOT_FOUND');
    expect(refused.errors![0].extensions!.reason).toBe('REVOKED');
    expect(ok(await platform.gql(PREVIEW, { t: revoked.token }, users[2].token)).inviteLinkPreview).toBeNull();

    const expiring = ok(
      await create(owner, { conversationId: c, expiresAt: new Date(Date.now() + 60_000).toISOString() }),
    ).createInviteLink;
    await db.query(`UPDATE messaging.invite_links SET expires_at = now() - interval '1 second' WHERE id = $1`, [expiring.id]);
    expect((await join(users[2], expiring.token)).errors![0].extensions!.reason).toBe('EXPIRED');

    expect(errorCode(await join(users[2], 'no-such-token'))).toBe('NOT_FOUND');
  });

  it('a use limit holds when many join at once', async () => {
    const c = await newGroup();
    const link = ok(await create(owner, { conversationId: c, usageLimit: 2 })).createInviteLink;
    const results = await Promise.all(users.slice(0, 5).map((u) => join(u, link.token)));
    const joined = results.filter((r) => !r.errors);
    expect(joined).toHaveLength(2);
    for (const r of results.filter((x) => x.errors)) expect(r.errors![0].extensions!.reason).toBe('USED_UP');
    const [row] = (
      await db.query(
        `SELECT use_count, (SELECT member_count FROM messaging.conversations WHERE id = $2) AS members FROM messaging.invite_links WHERE id = $1`,
        [link.id, c],
      )
    ).rows;
    expect(row).toEqual({ use_count: 2, members: 5 });
  });

  it('a link that needs approval files a request; admins approve or decline', async () => {
    const c = await newGroup();
    const link = ok(await create(admin, { conversationId: c, requiresApproval: true })).createInviteLink;
    const [asker, declined] = [users[5], users[4]];
    expect(ok(await join(asker, link.token)).joinByInviteLink).toEqual({ pending: true, conversation: null });
    expect(ok(await join(asker, link.token)).joinByInviteLink.pending).toBe(true);
    expect(ok(await join(declined, link.token)).joinByInviteLink.pending).toBe(true);
    expect(ok(await platform.gql(PREVIEW, { t: link.token }, asker.token)).inviteLinkPreview).toMatchObject({
      requiresApproval: true,
      pending: true,
    });
    // Not a member yet: nothing of the group is readable.
    expect(errorCode(await platform.gql(MESSAGES, { c }, asker.token))).toBe('NOT_FOUND');

    expect(errorCode(await platform.gql(REQUESTS, { c }, member.token))).toBe('FORBIDDEN');
    const waiting = ok(await platform.gql(REQUESTS, { c }, owner.token)).joinRequests.edges.map(
      (e: { node: { user: { id: string } } }) => e.node.user.id,
    );
    expect(waiting).toEqual([asker.userId, declined.userId]);
    expect(ok(await platform.gql(LINKS, { c }, owner.token)).inviteLinks.edges).toHaveLength(1);

    expect(errorCode(await platform.gql(APPROVE, { c, u: asker.userId }, member.token))).toBe('FORBIDDEN');
    expect(ok(await platform.gql(APPROVE, { c, u: asker.userId }, admin.token)).approveJoinRequest).toBe(true);
    expect(errorCode(await platform.gql(APPROVE, { c, u: asker.userId }, admin.token))).toBe('NOT_FOUND');
    expect((await systemTexts(c)).at(-1)).toBe('«کاربر 1» درخواست «کاربر 8» برای پیوستن به گروه را پذیرفت');
    expect(ok(await platform.gql(MESSAGES, { c }, asker.token)).messages.edges.length).toBeGreaterThan(0);

    expect(ok(await platform.gql(DECLINE, { c, u: declined.userId }, owner.token)).declineJoinRequest).toBe(true);
    expect(ok(await platform.gql(REQUESTS, { c }, owner.token)).joinRequests.edges).toEqual([]);
    expect(errorCode(await platform.gql(MESSAGES, { c }, declined.token))).toBe('NOT_FOUND');
    const [row] = (await db.query(`SELECT use_count FROM messaging.invite_links WHERE id = $1`, [link.id])).rows;
    expect(row.use_count).toBe(1);
  });

  it('lists links newest first, page by page', async () => {
    const c = await newGroup();
    for (let i = 0; i < 3; i++) ok(await create(owner, { conversationId: c, name: `p${i}` }));
    const first = ok(await platform.gql(LINKS, { c, f: 2 }, owner.token)).inviteLinks;
    expect(first.edges).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = ok(await platform.gql(LINKS, { c, f: 2, a: first.pageInfo.endCursor }, owner.token)).inviteLinks;
    expect(rest.edges).toHaveLength(1);
    const ids = [...first.edges, ...rest.edges].map((e: { node: { id: string } }) => e.node.id);
    expect(new Set(ids).size).toBe(3);
  });

  it('public groups: the owner sets a handle; anyone finds and joins it', async () => {
    const c = await newGroup();
    const handle = `grp_${Date.now().toString(36)}`;
    const SET = `mutation($c:ID!,$h:String){ setGroupHandle(conversationId:$c, handle:$h){ id handle } }`;
    expect(errorCode(await platform.gql(SET, { c, h: handle }, admin.token))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(SET, { c, h: 'بد' }, owner.token))).toBe('BAD_USER_INPUT');
    expect(ok(await platform.gql(SET, { c, h: `@${handle.toUpperCase()}` }, owner.token)).setGroupHandle.handle).toBe(handle);
    const other = await newGroup();
    expect((await platform.gql(SET, { c: other, h: handle }, owner.token)).errors![0].extensions!.field).toBe('handle');

    const found = ok(
      await platform.gql(`query($h:String!){ publicGroup(handle:$h){ conversationId title isMember } }`, { h: handle }, users[5].token),
    );
    expect(found.publicGroup).toEqual({ conversationId: c, title: 'گروه آزمایشی', isMember: false });
    const JOIN_PUBLIC = `mutation($h:String!){ joinPublicGroup(handle:$h){ id memberCount handle } }`;
    expect(ok(await platform.gql(JOIN_PUBLIC, { h: handle }, users[5].token)).joinPublicGroup).toEqual({ id: c, memberCount: 4, handle });
    expect((await systemTexts(c)).at(-1)).toBe('«کاربر 8» به گروه پیوست');

    ok(await platform.gql(SET, { c, h: null }, owner.token));
    expect(
      ok(await platform.gql(`query($h:String!){ publicGroup(handle:$h){ conversationId } }`, { h: handle }, users[5].token)).publicGroup,
    ).toBeNull();
    expect(errorCode(await platform.gql(JOIN_PUBLIC, { h: handle }, users[4].token))).toBe('NOT_FOUND');
  });
});
