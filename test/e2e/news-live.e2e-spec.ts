import { Client } from 'pg';
import { SignedUp, TestPlatform } from '@test/support';
import { createChannel, secondNews, eventually, feedPage, publish, sleep, subscribe } from '../../apps/news/test/news-client';

const CHANNEL_POSTS = `subscription { channelPosts { id text publishedAt views reactions { emoji } channel { id handle subscribed } } }`;

/** A channelPosts subscription collecting what arrives. */
async function listen(platform: TestPlatform, token: string, url?: string) {
  const ws = platform.ws(token, url);
  const received: any[] = [];
  const errors: unknown[] = [];
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));
  ws.client.on('connected', () => resolveReady());
  const dispose = ws.client.subscribe(
    { query: CHANNEL_POSTS },
    {
      next: (value) => (value.errors ? errors.push(value.errors) : received.push((value.data as any).channelPosts)),
      error: (err) => errors.push(err),
      complete: () => undefined,
    },
  );
  await ready;
  // The subscription is set up (NATS interest registered) shortly after the socket says hello.
  await sleep(400);
  return {
    received,
    errors,
    close: async () => {
      dispose();
      await ws.client.dispose();
    },
  };
}

describe('news: live posts and scheduling', () => {
  let platform: TestPlatform;
  let db: Client;
  let owner: SignedUp;

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['accounts', 'news'], env: { NEWS_ANNOUNCE_TICK_MS: '100' } });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    owner = await platform.signUp('ناشر زنده');
  });
  afterAll(async () => {
    await db?.end();
    await platform?.close();
  });

  it('delivers each new post of followed channels, and only those, to each subscriber once across two gateways', async () => {
    const second = await platform.startGateway();
    const [followed, other] = await Promise.all([createChannel(platform, owner.token), createChannel(platform, owner.token)]);
    const readers = await Promise.all([platform.signUp(), platform.signUp(), platform.signUp()]);
    for (const r of readers) await subscribe(platform, r.token, followed.id);
    const streams = await Promise.all([
      listen(platform, readers[0].token),
      listen(platform, readers[1].token, second.url),
      listen(platform, readers[2].token, second.url),
      // The same reader on both gateways: each socket gets it once.
      listen(platform, readers[0].token, second.url),
    ]);
    const posts = [];
    for (let i = 0; i < 3; i++) posts.push(await publish(platform, owner.token, followed.id, { text: `زنده ${i}` }));
    await publish(platform, owner.token, other.id, { text: 'نباید برسد' });
    await eventually(async () => (streams.every((s) => s.received.length >= 3) ? true : undefined), 10_000, 'live posts');
    await sleep(500);
    for (const s of streams) {
      expect(s.errors).toEqual([]);
      expect(s.received.map((p) => p.id)).toEqual(posts.map((p) => p.id));
      expect(s.received[0]).toMatchObject({ text: 'زنده 0', views: 0, reactions: [], channel: { id: followed.id, subscribed: true } });
    }
    await Promise.all(streams.map((s) => s.close()));
  });

  it('follows a subscription made while the stream is open, and stops after unsubscribing', async () => {
    const reader = await platform.signUp();
    const channel = await createChannel(platform, owner.token);
    const stream = await listen(platform, reader.token);
    await subscribe(platform, reader.token, channel.id);
    await sleep(300);
    const first = await publish(platform, owner.token, channel.id, { text: 'بعد از عضویت' });
    await eventually(async () => (stream.received.length ? true : undefined), 10_000, 'the post after subscribing');
    await platform.gql(`mutation($c:ID!){ unsubscribeChannel(channelId:$c){ id } }`, { c: channel.id }, reader.token);
    await sleep(300);
    await publish(platform, owner.token, channel.id, { text: 'بعد از لغو' });
    await sleep(800);
    expect(stream.received.map((p) => p.id)).toEqual([first.id]);
    await stream.close();
  });

  it('announces a scheduled post once at its time with two copies of news running', async () => {
    await secondNews(platform); // a second copy: stopService and close() stop it too
    const reader = await platform.signUp();
    const channel = await createChannel(platform, owner.token);
    await subscribe(platform, reader.token, channel.id);
    const stream = await listen(platform, reader.token);
    const scheduled = [];
    for (let i = 0; i < 5; i++) {
      scheduled.push(
        await publish(platform, owner.token, channel.id, {
          text: `زمان‌دار ${i}`,
          scheduledAt: new Date(Date.now() + 1500 + i * 50).toISOString(),
        }),
      );
    }
    await sleep(500);
    expect(stream.received).toEqual([]);
    await eventually(async () => (stream.received.length >= 5 ? true : undefined), 10_000, 'scheduled posts live');
    await sleep(1000);
    expect(stream.received.map((p) => p.id).sort()).toEqual(scheduled.map((p) => p.id).sort());
    const rows = await db.query(`SELECT count(*)::int AS n FROM news.posts WHERE id = ANY($1::uuid[]) AND announced_at IS NOT NULL`, [
      scheduled.map((p) => p.id),
    ]);
    expect(rows.rows[0].n).toBe(5);
    await stream.close();
  });

  it('publishes a post whose time came while news was down as soon as it is back', async () => {
    const reader = await platform.signUp();
    const channel = await createChannel(platform, owner.token);
    await subscribe(platform, reader.token, channel.id);
    const stream = await listen(platform, reader.token);
    const at = Date.now() + 4000;
    const post = await publish(platform, owner.token, channel.id, { text: 'در نبود سرویس', scheduledAt: new Date(at).toISOString() });
    await platform.stopService('news');
    await sleep(Math.max(0, at + 1000 - Date.now()));
    expect(stream.received).toEqual([]);
    await platform.startService('news');
    await eventually(async () => (stream.received.length ? true : undefined), 10_000, 'the post after restart');
    await sleep(500);
    expect(stream.received.map((p) => p.id)).toEqual([post.id]);
    expect((await feedPage(platform, reader.token, 5)).edges.map((e: any) => e.node.id)).toEqual([post.id]);
    await stream.close();
  });
});
