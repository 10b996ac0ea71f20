import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { errorCode, SignedUp, TestPlatform } from '@test/support';
import { group, ok, startMessagingPlatform } from './messaging-helpers';

const run = promisify(execFile);
const SEND = `mutation($i:SendMessageInput!){ sendMessage(input:$i){ id seq } }`;
const ROLE = `mutation($c:ID!,$u:ID!){ setMemberRole(conversationId:$c, userId:$u, role:ADMIN){ id } }`;

describe('group admin tools: slow mode, restrictions, deleting a member’s messages, reports', () => {
  let platform: TestPlatform;
  let owner: SignedUp;
  let admin: SignedUp;
  let member: SignedUp;
  let other: SignedUp;

  beforeAll(async () => {
    platform = await startMessagingPlatform();
    [owner, admin, member, other] = await Promise.all(['مالک', 'مدیر', 'عضو', 'دیگری'].map((n) => platform.signUp(n)));
  });
  afterAll(() => platform?.close());

  async function newGroup(): Promise<string> {
    const c = await group(platform, owner, [admin, member, other]);
    ok(await platform.gql(ROLE, { c, u: admin.userId }, owner.token));
    return c;
  }
  const send = (who: SignedUp, c: string, text = 'سلام', clientId = randomUUID()) =>
    platform.gql(SEND, { i: { conversationId: c, clientId, text } }, who.token);

  it('slow mode: a member sends one message per interval, parallel sends included; admins are exempt; a retry answers', async () => {
    const c = await newGroup();
    expect(errorCode(await platform.gql(`mutation($c:ID!){ setSlowMode(conversationId:$c, seconds:60){ id } }`, { c }, member.token))).toBe(
      'FORBIDDEN',
    );
    const set = ok(
      await platform.gql(`mutation($c:ID!){ setSlowMode(conversationId:$c, seconds:60){ slowModeSeconds } }`, { c }, admin.token),
    );
    expect(set.setSlowMode.slowModeSeconds).toBe(60);

    const clientIds = Array.from({ length: 4 }, () => randomUUID());
    const results = await Promise.all(clientIds.map((id) => send(member, c, 'سلام', id)));
    const passed = results.filter((r) => !r.errors);
    expect(passed).toHaveLength(1);
    const refused = results.find((r) => r.errors)!;
    expect(errorCode(refused)).toBe('RATE_LIMITED');
    expect(refused.errors![0].extensions!.retryAfter).toBeGreaterThan(0);
    // The accepted send, retried, answers its message rather than being refused.
    const firstId = clientIds[results.indexOf(passed[0])];
    expect(ok(await send(member, c, 'سلام', firstId)).sendMessage.id).toBe(ok(passed[0]).sendMessage.id);
    // Admins and owners are exempt.
    ok(await send(admin, c));
    ok(await send(admin, c));
    ok(await platform.gql(`mutation($c:ID!){ setSlowMode(conversationId:$c, seconds:0){ id } }`, { c }, owner.token));
    ok(await send(member, c));
  });

  it('restrict: the member may not send until lifted; admins may not restrict the owner', async () => {
    const c = await newGroup();
    const RESTRICT = `mutation($c:ID!,$u:ID!,$t:DateTime){ restrictMember(conversationId:$c, userId:$u, until:$t) }`;
    expect(errorCode(await platform.gql(RESTRICT, { c, u: owner.userId }, admin.token))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(RESTRICT, { c, u: admin.userId }, member.token))).toBe('FORBIDDEN');
    expect(ok(await platform.gql(RESTRICT, { c, u: member.userId }, admin.token)).restrictMember).toBe(true);
    expect(errorCode(await send(member, c))).toBe('FORBIDDEN');
    const seen = ok(await platform.gql(`query($c:ID!){ conversation(id:$c){ restrictedUntil } }`, { c }, member.token));
    expect(seen.conversation.restrictedUntil).toBe('9999-12-31T00:00:00.000Z');
    ok(await send(other, c));
    ok(
      await platform.gql(`mutation($c:ID!,$u:ID!){ unrestrictMember(conversationId:$c, userId:$u) }`, { c, u: member.userId }, owner.token),
    );
    ok(await send(member, c));
    const until = new Date(Date.now() + 3_600_000).toISOString();
    ok(await platform.gql(RESTRICT, { c, u: member.userId, t: until }, owner.token));
    expect(errorCode(await send(member, c))).toBe('FORBIDDEN');
  });

  it('deletes every message of a member for everyone, and only an admin over them may', async () => {
    const c = await newGroup();
    for (let i = 0; i < 3; i++) ok(await send(member, c, `پیام ${i}`));
    ok(await send(other, c, 'بماند'));
    const DELETE = `mutation($c:ID!,$u:ID!){ deleteMemberMessages(conversationId:$c, userId:$u) }`;
    expect(errorCode(await platform.gql(DELETE, { c, u: member.userId }, other.token))).toBe('FORBIDDEN');
    expect(ok(await platform.gql(DELETE, { c, u: member.userId }, admin.token)).deleteMemberMessages).toBe(3);
    expect(ok(await platform.gql(DELETE, { c, u: member.userId }, admin.token)).deleteMemberMessages).toBe(0);
    const texts = ok(
      await platform.gql(
        `query($c:ID!){ messages(conversationId:$c, last:20){ edges { node { text sender { id } deletedAt } } } }`,
        { c },
        other.token,
      ),
    );
    const byMember = texts.messages.edges.filter((e: { node: { sender: { id: string } | null } }) => e.node.sender?.id === member.userId);
    expect(byMember.map((e: { node: { text: string | null } }) => e.node.text)).toEqual([null, null, null]);
    expect(texts.messages.edges.some((e: { node: { text: string } }) => e.node.text === 'بماند')).toBe(true);
  });

  it('reports are stored once per key for an operator, who reviews them with scripts/reports.mjs', async () => {
    const c = await newGroup();
    const message = ok(await send(member, c, 'تبلیغ مزاحم')).sendMessage;
    const REPORT = `mutation($i:ReportInput!){ report(input:$i){ id reason messageId userId } }`;
    const key = randomUUID();
    const first = ok(
      await platform.gql(REPORT, { i: { idempotencyKey: key, messageId: message.id, reason: 'SPAM', comment: 'هر روز' } }, other.token),
    ).report;
    expect(first).toMatchObject({ reason: 'SPAM', messageId: message.id, userId: member.userId });
    expect(
      ok(await platform.gql(REPORT, { i: { idempotencyKey: key, messageId: message.id, reason: 'SPAM' } }, other.token)).report.id,
    ).toBe(first.id);
    expect(
      errorCode(await platform.gql(REPORT, { i: { idempotencyKey: key, messageId: message.id, reason: 'VIOLENCE' } }, other.token)),
    ).toBe('IDEMPOTENCY_CONFLICT');
    // Someone outside the group cannot report (or learn of) its messages.
    const outsider = await platform.signUp('بیرونی');
    expect(
      errorCode(await platform.gql(REPORT, { i: { idempotencyKey: randomUUID(), messageId: message.id, reason: 'SPAM' } }, outsider.token)),
    ).toBe('NOT_FOUND');
    const userReport = ok(
      await platform.gql(REPORT, { i: { idempotencyKey: randomUUID(), userId: member.userId, reason: 'OTHER' } }, outsider.token),
    ).report;

    const env = { ...process.env, DATABASE_URL: platform.databaseUrl, MESSAGING_DATABASE_URL: '' };
    const list = await run('node', ['scripts/reports.mjs'], { env });
    expect(list.stdout).toContain(first.id);
    expect(list.stdout).toContain('تبلیغ مزاحم');
    expect(list.stdout).toContain(userReport.id);
    const shown = await run('node', ['scripts/reports.mjs', 'show', first.id], { env });
    expect(shown.stdout).toContain('هر روز');
    await run('node', ['scripts/reports.mjs', 'resolve', first.id, 'removed the member'], { env });
    const after = await run('node', ['scripts/reports.mjs'], { env });
    expect(after.stdout).not.toContain(first.id);
    expect((await run('node', ['scripts/reports.mjs', 'list', '--all'], { env })).stdout).toMatch(new RegExp(`${first.id}\\s+RESOLVED`));
    await expect(run('node', ['scripts/reports.mjs', 'resolve', randomUUID()], { env })).rejects.toMatchObject({ code: 1 });
  });
});
