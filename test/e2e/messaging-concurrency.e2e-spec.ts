import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { errorCode, TestPlatform } from '@test/support';
import {
  direct,
  group,
  headCursor,
  ok,
  send,
  SEND,
  settle,
  sql,
  startMessagingPlatform,
  subscribe,
  UPDATE,
  updatesAfter,
} from './messaging-helpers';

/**
 * Two copies of the messaging service and two gateways, so that concurrent
 * requests really are served by different processes' connections and pools.
 */
describe('messaging under concurrency', () => {
  let p: TestPlatform;
  let urls: string[];

  beforeAll(async () => {
    p = await startMessagingPlatform({ DB_POOL_SIZE: '10' });
    // A second copy of messaging in the same queue group: sends land on both.
    await p.startService('messaging', { DB_POOL_SIZE: '10' });
    urls = [p.url, (await p.startGateway()).url];
  });
  afterAll(async () => {
    await p?.close();
  });

  it('gives 50 concurrent senders in one group seq 1..N with no gap and no repeat', async () => {
    const users = await Promise.all([...Array(50)].map((_, i) => p.signUp(`فرستنده ${i}`)));
    const id = await group(p, users[0], users.slice(1));
    const perSender = 4;
    const results = await Promise.all(
      users.flatMap((u, i) =>
        [...Array(perSender)].map(async (_, k) => {
          const res = await p.gql(
            SEND,
            { i: { conversationId: id, clientId: `c-${i}-${k}`, text: `پیام ${i}-${k}` } },
            u.token,
            urls[(i + k) % 2],
          );
          return ok(res).sendMessage.seq as number;
        }),
      ),
    );
    const total = users.length * perSender;
    expect([...results].sort((a, b) => a - b)).toEqual([...Array(total)].map((_, i) => i + 2));
    const rows = await sql(p, `SELECT seq FROM messaging.messages WHERE conversation_id = $1 ORDER BY seq`, [id]);
    expect(rows.map((r) => r.seq)).toEqual([...Array(total + 1)].map((_, i) => i + 1));
    const conv = await sql(p, `SELECT last_seq FROM messaging.conversations WHERE id = $1`, [id]);
    expect(conv[0].last_seq).toBe(total + 1);
  }, 120_000);

  it('returns the one message for a send retried with its clientId after a timeout', async () => {
    const [a, b] = await Promise.all([p.signUp(), p.signUp()]);
    const id = await direct(p, a, b);
    await send(p, a, id, 'پیش');
    const impatient = await p.startGateway({ RPC_TIMEOUT_MS: '300' });
    // Hold the conversation's row lock so the first attempt outlives the gateway's wait.
    const lock = new PgClient({ connectionString: p.databaseUrl });
    await lock.connect();
    await lock.query('BEGIN');
    await lock.query('SELECT 1 FROM messaging.conversations WHERE id = $1 FOR UPDATE', [id]);
    const input = { conversationId: id, clientId: 'flaky-network', text: 'فقط یک بار' };
    const first = await p.gql(SEND, { i: input }, a.token, impatient.url);
    expect(errorCode(first)).toBe('SERVICE_UNAVAILABLE');
    const retryWhileStuck = p.gql(SEND, { i: input }, a.token);
    await settle(300);
    await lock.query('COMMIT');
    await lock.end();
    const retried = ok(await retryWhileStuck).sendMessage;
    const again = ok(await p.gql(SEND, { i: input }, a.token)).sendMessage;
    expect(again.id).toBe(retried.id);
    expect(retried.seq).toBe(2);
    const rows = await sql(
      p,
      `SELECT count(*)::int AS n FROM messaging.messages WHERE conversation_id = $1 AND client_id = 'flaky-network'`,
      [id],
    );
    expect(rows[0].n).toBe(1);
    expect((await send(p, a, id, 'بعد')).seq).toBe(3);
    const { updates } = await updatesAfter(p, b, '0', 100);
    expect(updates.filter((u) => u.message?.clientId === 'flaky-network')).toHaveLength(1);
  });

  it("lets a reader miss nothing while others write at full speed: every user's cursors are dense and in commit order", async () => {
    const reader = await p.signUp('خواننده');
    const writers = await Promise.all([...Array(10)].map(() => p.signUp()));
    const ids = await Promise.all(writers.map((w) => direct(p, w, reader)));
    const start = await headCursor(p, reader);
    const live = subscribe(p, reader, `subscription($a:String){ updates(after:$a){ ${UPDATE} } }`, { a: start }, urls[1]);
    await settle(300);

    const polled: any[] = [];
    let cursor = start;
    let writing = true;
    const poller = (async () => {
      while (writing) {
        const page = await updatesAfter(p, reader, cursor, 100);
        polled.push(...page.updates);
        cursor = page.cursor;
      }
    })();
    const sent = await Promise.all(
      writers.map(async (w, i) => {
        const out: string[] = [];
        for (let k = 0; k < 30; k++) out.push((await send(p, w, ids[i], `${i}:${k}`, { clientId: randomUUID() })).id);
        return out;
      }),
    );
    writing = false;
    await poller;
    for (;;) {
      const page = await updatesAfter(p, reader, cursor, 100);
      polled.push(...page.updates);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    const all = sent.flat();
    const check = (list: any[]) => {
      expect(list).toHaveLength(all.length);
      expect(new Set(list.map((u) => u.message.id))).toEqual(new Set(all));
      list.forEach((u, i) => expect(BigInt(u.cursor)).toBe(BigInt(start) + BigInt(i + 1)));
      for (const [i, conv] of ids.entries()) {
        const seqs = list.filter((u) => u.conversationId === conv).map((u) => u.message.seq);
        expect(seqs).toEqual([...Array(30)].map((_, k) => k + 1));
        expect(list.filter((u) => u.conversationId === conv).map((u) => u.message.text)).toEqual([...Array(30)].map((_, k) => `${i}:${k}`));
      }
    };
    check(polled);
    check(await live.waitFor(all.length, 60_000));
    await settle();
    expect(live.received).toHaveLength(all.length);
    await live.close();
  }, 120_000);
});
