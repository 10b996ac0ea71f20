import { errorCode, SignedUp, TestPlatform, wsClient } from '@test/support';
import { UpdatePruner } from '../../apps/messaging/src/updates/update.pruner';
import {
  direct,
  group,
  headCursor,
  ok,
  send,
  settle,
  sql,
  startMessagingPlatform,
  subscribe,
  UPDATE,
  updatesAfter,
} from './messaging-helpers';

const SUB = `subscription($a:String){ updates(after:$a){ ${UPDATE} } }`;
const TYPING = `subscription($c:ID!){ typing(conversationId:$c){ conversationId at user { id displayName } } }`;

describe('messaging update stream', () => {
  let p: TestPlatform;
  let ali: SignedUp;
  let sara: SignedUp;
  let reza: SignedUp;

  beforeAll(async () => {
    p = await startMessagingPlatform();
    [ali, sara, reza] = await Promise.all([p.signUp('علی'), p.signUp('سارا'), p.signUp('رضا')]);
  });
  afterAll(() => p?.close());

  describe('updates query', () => {
    it('gives the current cursor and no updates for after: null', async () => {
      const page = await updatesAfter(p, ali, null);
      expect(page.updates).toEqual([]);
      expect(page.hasMore).toBe(false);
      expect(page.cursor).toMatch(/^\d+$/);
    });

    it('lists a message added after a cursor, to both members, with strictly increasing cursors', async () => {
      const [x, y] = await Promise.all([p.signUp(), p.signUp()]);
      const [x0, y0] = await Promise.all([headCursor(p, x), headCursor(p, y)]);
      const id = await direct(p, x, y);
      const m = await send(p, x, id, 'سلام');
      const xs = await updatesAfter(p, x, x0);
      expect(xs.updates.map((u) => u.__typename)).toEqual(['ConversationChanged', 'MessageAdded']);
      expect(xs.updates[1].message).toMatchObject({ id: m.id, seq: 1, text: 'سلام', sender: { id: x.userId } });
      expect(BigInt(xs.updates[1].cursor)).toBe(BigInt(xs.updates[0].cursor) + 1n);
      const ys = await updatesAfter(p, y, y0);
      expect(ys.updates.map((u) => u.__typename)).toEqual(['ConversationChanged', 'MessageAdded']);
      expect(ys.cursor).toBe(ys.updates[1].cursor);
    });

    it('carries every kind of change a member must see, and pages with hasMore', async () => {
      const id = await group(p, ali, [sara]);
      const from = await headCursor(p, sara);
      const m = await send(p, ali, id, 'اول');
      ok(await p.gql(`mutation($m:ID!){ editMessage(messageId:$m, text:"دوم"){ id } }`, { m: m.id }, ali.token));
      ok(await p.gql(`mutation($m:ID!){ reactToMessage(messageId:$m, emoji:"🔥"){ id } }`, { m: m.id }, ali.token));
      ok(await p.gql(`mutation($c:ID!){ markRead(conversationId:$c, upToSeq:2){ id } }`, { c: id }, ali.token));
      ok(await p.gql(`mutation($c:ID!){ renameGroup(conversationId:$c, title:"نام نو"){ id } }`, { c: id }, ali.token));
      const first = await updatesAfter(p, sara, from, 3);
      expect(first.hasMore).toBe(true);
      const rest = await updatesAfter(p, sara, first.cursor, 100);
      expect(rest.hasMore).toBe(false);
      // Replayed updates show the message as it is now.
      expect(first.updates[2].reactions).toEqual([{ emoji: '🔥', count: 1, reactedByMe: false }]);
      ok(await p.gql(`mutation($m:ID!){ deleteMessage(messageId:$m) }`, { m: m.id }, ali.token));
      const last = await updatesAfter(p, sara, rest.cursor, 100);
      const all = [...first.updates, ...rest.updates, ...last.updates];
      expect(all.map((u) => u.__typename)).toEqual([
        'MessageAdded',
        'MessageEdited',
        'ReactionsChanged',
        'ReadMarkerMoved',
        'MessageAdded',
        'ConversationChanged',
        'MessageDeleted',
      ]);
      expect(all.every((u) => u.conversationId === id)).toBe(true);
      expect(all[1].message.text).toBe('دوم');
      expect(all[3]).toMatchObject({ userId: ali.userId, lastReadSeq: 2 });
      expect(all[5].conversation).toMatchObject({ title: 'نام نو', memberCount: 2 });
      expect(all[6]).toMatchObject({ messageId: m.id, seq: 2 });
      const cursors = all.map((u) => BigInt(u.cursor));
      cursors.forEach((c, i) => i && expect(c).toBe(cursors[i - 1] + 1n));
    });

    it('refuses a cursor that is not one, or is ahead of the stream, with BAD_USER_INPUT', async () => {
      const q = `query($a:String){ updates(after:$a){ cursor } }`;
      expect(errorCode(await p.gql(q, { a: 'abc' }, ali.token))).toBe('BAD_USER_INPUT');
      expect(errorCode(await p.gql(q, { a: '99999999999' }, ali.token))).toBe('BAD_USER_INPUT');
      expect(errorCode(await p.gql(`{ updates(after:null, limit:0){ cursor } }`, {}, ali.token))).toBe('BAD_USER_INPUT');
    });

    it('stores nothing for typing', async () => {
      const id = await direct(p, ali, reza);
      const from = await headCursor(p, reza);
      expect(ok(await p.gql(`mutation($c:ID!){ setTyping(conversationId:$c) }`, { c: id }, ali.token)).setTyping).toBe(true);
      expect((await updatesAfter(p, reza, from)).updates).toEqual([]);
    });
  });

  describe('updates subscription', () => {
    it('replays after a cursor, then goes live', async () => {
      const id = await direct(p, ali, sara);
      const from = await headCursor(p, sara);
      await send(p, ali, id, 'یک');
      const sub = subscribe(p, sara, SUB, { a: from });
      await sub.waitFor(1);
      await send(p, ali, id, 'دو');
      const got = await sub.waitFor(2);
      expect(got.map((u) => u.message.text)).toEqual(['یک', 'دو']);
      expect(BigInt(got[1].cursor)).toBe(BigInt(got[0].cursor) + 1n);
      await sub.close();
    });

    it('resumes after a disconnect with exactly the 500 missed messages in order, then live ones', async () => {
      const id = await direct(p, ali, reza);
      const first = subscribe(p, reza, SUB);
      await settle(300);
      await send(p, ali, id, 'قبل از قطع');
      const [seen] = await first.waitFor(1);
      await first.close();
      const sent: number[] = [];
      for (let i = 0; i < 500; i++) sent.push((await send(p, ali, id, `پیام ${i}`)).seq);
      const resumed = subscribe(p, reza, SUB, { a: seen.cursor });
      await resumed.waitFor(500, 60_000);
      await send(p, ali, id, 'زنده ۱');
      await send(p, ali, id, 'زنده ۲');
      const got = await resumed.waitFor(502);
      await settle();
      expect(resumed.errors).toEqual([]);
      expect(got).toHaveLength(502);
      expect(got.slice(0, 500).map((u) => u.message.seq)).toEqual(sent);
      expect(got.slice(500).map((u) => u.message.text)).toEqual(['زنده ۱', 'زنده ۲']);
      const cursors = got.map((u) => BigInt(u.cursor));
      expect(cursors[0]).toBe(BigInt(seen.cursor) + 1n);
      cursors.forEach((c, i) => i && expect(c).toBe(cursors[i - 1] + 1n));
      await resumed.close();
    }, 120_000);

    it('delivers a message sent through one gateway to a subscriber on another', async () => {
      const other = await p.startGateway();
      const id = await direct(p, ali, sara);
      const sub = subscribe(p, sara, SUB, {}, p.url);
      await settle(300);
      const res = await p.gql(
        `mutation($i:SendMessageInput!){ sendMessage(input:$i){ id } }`,
        { i: { conversationId: id, clientId: 'cross-1', text: 'از دروازهٔ دیگر' } },
        ali.token,
        other.url,
      );
      const [u] = await sub.waitFor(1);
      expect(u).toMatchObject({
        __typename: 'MessageAdded',
        conversationId: id,
        message: { id: ok(res).sendMessage.id, text: 'از دروازهٔ دیگر' },
      });
      await sub.close();
    });

    it('gives a removed member their removal, then nothing new', async () => {
      const id = await group(p, ali, [sara, reza]);
      const sub = subscribe(p, reza, SUB);
      await settle(300);
      await send(p, sara, id, 'پیش');
      ok(await p.gql(`mutation($c:ID!,$u:ID!){ removeMember(conversationId:$c, userId:$u){ id } }`, { c: id, u: reza.userId }, ali.token));
      await send(p, sara, id, 'پس');
      ok(await p.gql(`mutation($c:ID!){ renameGroup(conversationId:$c, title:"بدون رضا"){ id } }`, { c: id }, ali.token));
      await sub.waitFor(3);
      await settle();
      expect(sub.received.map((u) => u.__typename)).toEqual(['MessageAdded', 'MessageAdded', 'ConversationChanged']);
      expect(sub.received[0].message.text).toBe('پیش');
      expect(sub.received[1].message.kind).toBe('SYSTEM');
      expect(sub.received[2].conversation).toMatchObject({ id, memberCount: 2 });
      await sub.close();
    });

    it('reads back an update that was never pushed live, so the stream has no hole', async () => {
      const id = await direct(p, sara, reza);
      const sub = subscribe(p, sara, SUB);
      await settle(300);
      // An update committed without its live push (as after a crash between commit and publish).
      await sql(p, `SELECT messaging.fan_out(ARRAY[$1]::uuid[], 'ConversationChanged', $2, NULL, NULL)`, [sara.userId, id]);
      await send(p, reza, id, 'بعدی');
      const got = await sub.waitFor(2);
      expect(got.map((u) => u.__typename)).toEqual(['ConversationChanged', 'MessageAdded']);
      expect(BigInt(got[1].cursor)).toBe(BigInt(got[0].cursor) + 1n);
      await sub.close();
    });

    it('releases what the gateway listens on when the client stops a subscription on an open socket', async () => {
      const x = await p.signUp();
      const subjects = async () => Number(/^gateway_live_subjects (\d+)/m.exec(await (await fetch(`${p.url}/metrics`)).text())![1]);
      const until = async (ok: (n: number) => boolean) => {
        for (const end = Date.now() + 5000; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) if (ok(await subjects())) return;
        throw new Error(`gateway_live_subjects stayed at ${await subjects()}`);
      };
      const ws = wsClient(p.url, x.token);
      try {
        const before = await subjects();
        // The first run is interpreted, later ones run the compiled operation: both must let go.
        for (let run = 0; run < 3; run++) {
          const seen: unknown[] = [];
          const stop = ws.client.subscribe(
            { query: SUB, variables: { a: await headCursor(p, x) } },
            { next: (v) => seen.push(v), error: (e) => seen.push(e), complete: () => undefined },
          );
          await until((n) => n > before);
          stop();
          await until((n) => n === before);
          expect(seen).toEqual([]);
        }
      } finally {
        await ws.client.dispose();
      }
    });

    it('answers a bad cursor with BAD_USER_INPUT', async () => {
      const sub = subscribe(p, sara, SUB, { a: 'nope' });
      await sub.waitFor(1, 10_000);
      expect(sub.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      await sub.close();
    });
  });

  describe('keeping', () => {
    it("prunes updates past UPDATES_KEEP_DAYS but each user's newest, refuses a cursor older than that, and goes on densely", async () => {
      const [x, y] = await Promise.all([p.signUp(), p.signUp()]);
      const id = await direct(p, x, y);
      const old = await headCursor(p, x);
      for (const text of ['یک', 'دو', 'سه']) await send(p, x, id, text);
      const head = await headCursor(p, x);
      const yRows = await sql(p, `SELECT count(*)::int AS n FROM messaging.updates WHERE user_id = $1`, [y.userId]);
      await sql(p, `UPDATE messaging.updates SET created_at = now() - interval '31 days' WHERE user_id = $1`, [x.userId]);

      const pruner = p.services.get('messaging')!.get(UpdatePruner);
      expect(await pruner.pruneOnce()).toBeGreaterThanOrEqual(3);
      expect(await sql(p, `SELECT pos::text FROM messaging.updates WHERE user_id = $1`, [x.userId])).toEqual([{ pos: head }]);
      expect(await sql(p, `SELECT count(*)::int AS n FROM messaging.updates WHERE user_id = $1`, [y.userId])).toEqual(yRows);
      expect(await pruner.pruneOnce()).toBe(0);

      const refused = await p.gql(`query($a:String){ updates(after:$a){ cursor } }`, { a: old }, x.token);
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(refused.errors![0].extensions!.field).toBe('after');
      const sub = subscribe(p, x, SUB, { a: old });
      await sub.waitFor(1, 10_000);
      expect(sub.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      await sub.close();

      // From the newest cursor nothing is missing, and positions go on from it.
      expect((await updatesAfter(p, x, head)).updates).toEqual([]);
      await send(p, y, id, 'چهار');
      const next = await updatesAfter(p, x, head);
      expect(next.updates.map((u) => [u.__typename, u.cursor])).toEqual([['MessageAdded', (BigInt(head) + 1n).toString()]]);
    });
  });

  describe('typing', () => {
    it('reaches the other members only, once per throttle window', async () => {
      const id = await group(p, ali, [sara, reza]);
      const [sSub, rSub, aSub] = [
        subscribe(p, sara, TYPING, { c: id }),
        subscribe(p, reza, TYPING, { c: id }),
        subscribe(p, ali, TYPING, { c: id }),
      ];
      await settle(300);
      const type = () => p.gql(`mutation($c:ID!){ setTyping(conversationId:$c) }`, { c: id }, ali.token);
      expect(ok(await type()).setTyping).toBe(true);
      expect(ok(await type()).setTyping).toBe(true);
      await sSub.waitFor(1);
      await rSub.waitFor(1);
      await settle();
      expect(sSub.received).toHaveLength(1);
      expect(sSub.received[0]).toMatchObject({ conversationId: id, user: { id: ali.userId, displayName: 'علی' } });
      expect(rSub.received).toHaveLength(1);
      expect(aSub.received).toHaveLength(0);
      await Promise.all([sSub.close(), rSub.close(), aSub.close()]);
    });

    it('answers NOT_FOUND to a non-member subscribing', async () => {
      const id = await direct(p, ali, sara);
      for (const c of [id, 'nope']) {
        const sub = subscribe(p, reza, TYPING, { c });
        await sub.waitFor(1, 10_000);
        expect(sub.errors[0]?.extensions?.code).toBe('NOT_FOUND');
        await sub.close();
      }
    });
  });
});
