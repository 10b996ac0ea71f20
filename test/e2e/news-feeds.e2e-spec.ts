import { Client } from 'pg';
import { errorCode, SignedUp, TestPlatform } from '@test/support';
import { createChannel, secondNews, eventually, ok, sleep } from '../../apps/news/test/news-client';
import { atom, englishItems, Item, PERSIAN_ITEMS, rdf, rss } from '../../apps/news/test/feed-fixtures';
import { FeedServer } from '../../apps/news/test/feed-server';

const ADD = `mutation($c:ID!,$u:String!){ addFeedSource(channelId:$c, url:$u){ id url lastFetchedAt lastError postCount } }`;
const REFRESH = `mutation($id:ID!){ refreshFeedSource(id:$id){ id url lastFetchedAt lastError postCount } }`;
const REMOVE = `mutation($id:ID!){ removeFeedSource(id:$id) }`;
const SOURCES = `query($id:ID){ channel(id:$id){ feedSources { id url lastFetchedAt lastError postCount } } }`;
const POSTS = `query($id:ID){ channel(id:$id){ posts(first:100){ edges { node { id title text url publishedAt } } } } }`;

describe('news: feed sources', () => {
  let platform: TestPlatform;
  let server: FeedServer;
  let db: Client;
  let owner: SignedUp;
  let reader: SignedUp;

  beforeAll(async () => {
    server = await FeedServer.start();
    platform = await TestPlatform.start({
      services: ['accounts', 'news'],
      // Tests serve feeds from 127.0.0.1: loopback is allowed explicitly, nothing else.
      env: {
        FEEDS_ALLOW_PRIVATE: 'loopback',
        FEEDS_FETCH_TIMEOUT_MS: '1500',
        FEEDS_MAX_BYTES: '200000',
        FEEDS_POLL_TICK_MS: '100',
        FEEDS_MIN_INTERVAL_SECONDS: '3600',
      },
    });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    [owner, reader] = await Promise.all([platform.signUp('مدیر خبرخوان'), platform.signUp()]);
  });
  afterAll(async () => {
    await db?.end();
    await platform?.close();
    await server?.close();
  });

  const posts = async (channelId: string) =>
    ok(await platform.gql(POSTS, { id: channelId }, owner.token)).channel.posts.edges.map((e: any) => e.node);
  const add = async (channelId: string, url: string) => ok(await platform.gql(ADD, { c: channelId, u: url }, owner.token)).addFeedSource;
  const refresh = async (id: string) => ok(await platform.gql(REFRESH, { id }, owner.token)).refreshFeedSource;

  it.each([
    ['rss2', rss],
    ['atom', atom],
    ['rdf', rdf],
  ])('imports a %s feed with Persian items as posts, once', async (name, render) => {
    const channel = await createChannel(platform, owner.token);
    const url = server.xml(`/persian-${name}.xml`, () => render(PERSIAN_ITEMS));
    const source = await add(channel.id, url);
    expect(source).toMatchObject({ url, lastError: null });
    const fetched = await refresh(source.id);
    expect(fetched).toMatchObject({ lastError: null, postCount: 3 });
    expect(Date.parse(fetched.lastFetchedAt)).toBeGreaterThan(Date.now() - 60_000);
    const list = await posts(channel.id);
    expect(list.map((p: any) => p.title)).toEqual([
      'پیش‌بینی هوا: بارش برف در تهران',
      'بازگشایی کتاب‌خانهٔ ملّی پس از بازسازی',
      'افزایش قیمت بنزین در سال ١٤٠٣',
    ]);
    expect(list[2].text).toBe(
      'دولت اعلام کرد قیمت بنزین از ماه آینده تغییر می‌کند.\n\nکارشناسان می‌گویند این تصمیم «ناگزیر» بود & اثر آن بر تورم محدود است.',
    );
    expect(list[2].url).toBe('https://news.example/fa/1');
    expect(Math.abs(Date.parse(list[0].publishedAt) - PERSIAN_ITEMS[2].date!.getTime())).toBeLessThan(1000);
    expect((await refresh(source.id)).postCount).toBe(3);
    expect(await posts(channel.id)).toHaveLength(3);
    const found = ok(
      await platform.gql(
        `query($q:String!,$c:ID){ searchPosts(query:$q, channelId:$c){ edges { node { id } } } }`,
        { q: 'كتابخانه ملي', c: channel.id },
        reader.token,
      ),
    );
    expect(found.searchPosts.edges).toHaveLength(1);
  });

  it('asks conditionally and changes nothing on 304', async () => {
    const channel = await createChannel(platform, owner.token);
    const url = server.xml('/etag.xml', () => rss(englishItems(2, 'etag')));
    const source = await add(channel.id, url);
    await refresh(source.id);
    const before = server.hits('/etag.xml');
    const again = await refresh(source.id);
    expect(again).toMatchObject({ lastError: null, postCount: 2 });
    const last = server.requests.filter((r) => r.path === '/etag.xml').pop()!;
    expect(server.hits('/etag.xml')).toBe(before + 1);
    expect(last.headers['if-none-match']).toMatch(/^"/);
    expect(await posts(channel.id)).toHaveLength(2);
  });

  it('does not post an item again when the feed changes its guids', async () => {
    const channel = await createChannel(platform, owner.token);
    let round = 0;
    const url = server.xml('/guids.xml', () => rss(englishItems(3, 'g').map((i) => ({ ...i, guid: `${i.guid}-v${round}` }))));
    const source = await add(channel.id, url);
    expect((await refresh(source.id)).postCount).toBe(3);
    round = 1;
    expect((await refresh(source.id)).postCount).toBe(3);
    round = 2;
    const fresh = englishItems(4, 'g');
    server.xml('/guids.xml', () => rss(fresh.map((i) => ({ ...i, guid: `${i.guid}-v${round}` }))));
    expect((await refresh(source.id)).postCount).toBe(4);
    expect(await posts(channel.id)).toHaveLength(4);
  });

  it('deduplicates items without guid or link by their title and text', async () => {
    const channel = await createChannel(platform, owner.token);
    const items: Item[] = [
      { title: 'بی‌شناسه', html: '<p>متن یکسان</p>' },
      { title: 'دیگری', html: 'متن دیگر' },
    ];
    const url = server.xml('/bare.xml', () => rss(items) + ' ');
    const source = await add(channel.id, url);
    await refresh(source.id);
    server.xml('/bare.xml', () => rss(items) + '  ');
    expect((await refresh(source.id)).postCount).toBe(2);
  });

  it('records a broken feed in words, keeps what it had, and recovers', async () => {
    const channel = await createChannel(platform, owner.token);
    let broken = false;
    const url = server.route('/flaky.xml', (_q, res) => {
      res
        .writeHead(200, { 'content-type': 'text/xml' })
        .end(broken ? '<html><body>Maintenance</body></html>' : rss(englishItems(2, 'flaky')));
    });
    const source = await add(channel.id, url);
    expect((await refresh(source.id)).postCount).toBe(2);
    broken = true;
    const failed = await refresh(source.id);
    expect(failed).toMatchObject({ lastError: 'This address did not return an RSS, Atom or RDF feed', postCount: 2 });
    const row = (await db.query(`SELECT failures, next_fetch_at > now() AS later FROM news.feed_sources WHERE id = $1`, [source.id]))
      .rows[0];
    expect(row).toEqual({ failures: 1, later: true });
    broken = false;
    expect(await refresh(source.id)).toMatchObject({ lastError: null, postCount: 2 });
    expect(await posts(channel.id)).toHaveLength(2);
  });

  it('records a slow, a huge, a missing and an unreachable feed as errors a person understands', async () => {
    const channel = await createChannel(platform, owner.token);
    const slow = server.route('/slow.xml', (_q, res) => void setTimeout(() => res.writeHead(200).end(rss([])), 4000));
    const huge = server.route('/huge.xml', (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const item = rss(englishItems(1, 'h')).slice(0, 0) + `<item><title>t</title><description>${'ک'.repeat(5000)}</description></item>`;
      res.end(`<rss version="2.0"><channel><title>huge</title>${item.repeat(60)}</channel></rss>`);
    });
    const expectations: Array<[string, RegExp]> = [
      [slow, /^The server did not answer within 1\.5 seconds$/],
      [huge, /^The feed is larger than 195 KB, the most this platform reads$/],
      [`${server.base}/gone.xml`, /^The server answered 404 Not Found instead of the feed$/],
      ['http://127.0.0.1:1/feed.xml', /^The server 127\.0\.0\.1 refused the connection$/],
    ];
    for (const [url, message] of expectations) {
      const source = await add(channel.id, url);
      const result = await refresh(source.id);
      expect(result.lastError).toMatch(message);
      expect(result.postCount).toBe(0);
      expect(result.lastFetchedAt).not.toBeNull();
    }
  });

  it('refuses addresses on private and link-local networks and other schemes', async () => {
    const channel = await createChannel(platform, owner.token);
    for (const url of [
      'http://10.0.0.8/feed',
      'http://169.254.169.254/latest/meta-data',
      'http://[fe80::1]/feed',
      'ftp://example.com/feed',
      'nonsense',
    ]) {
      const res = await platform.gql(ADD, { c: channel.id, u: url }, owner.token);
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    }
  });

  it('lets only the channel admins add, refresh, remove and see feed sources', async () => {
    const channel = await createChannel(platform, owner.token);
    const url = server.xml('/admin-only.xml', () => rss(englishItems(1, 'adm')));
    expect(errorCode(await platform.gql(ADD, { c: channel.id, u: url }, reader.token))).toBe('FORBIDDEN');
    const source = await add(channel.id, url);
    expect((await add(channel.id, url)).id).toBe(source.id);
    expect(errorCode(await platform.gql(REFRESH, { id: source.id }, reader.token))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(REMOVE, { id: source.id }, reader.token))).toBe('FORBIDDEN');
    expect(ok(await platform.gql(SOURCES, { id: channel.id }, reader.token)).channel.feedSources).toEqual([]);
    expect(ok(await platform.gql(SOURCES, { id: channel.id }, owner.token)).channel.feedSources.map((s: any) => s.id)).toEqual([source.id]);
    expect(ok(await platform.gql(REMOVE, { id: source.id }, owner.token)).removeFeedSource).toBe(true);
    expect(ok(await platform.gql(SOURCES, { id: channel.id }, owner.token)).channel.feedSources).toEqual([]);
    expect(errorCode(await platform.gql(REFRESH, { id: source.id }, owner.token))).toBe('NOT_FOUND');
  });

  it('makes each item one post under concurrent refreshes, fetching one at a time', async () => {
    const channel = await createChannel(platform, owner.token);
    let inFlight = 0;
    let most = 0;
    const url = server.route('/concurrent.xml', (_q, res) => {
      inFlight++;
      most = Math.max(most, inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(englishItems(20, 'cc')));
      }, 150);
    });
    const source = await add(channel.id, url);
    await secondNews(platform); // a second copy: stopService and close() stop it too
    const results = await Promise.all(Array.from({ length: 6 }, () => refresh(source.id)));
    for (const r of results) expect(r.postCount).toBe(20);
    expect(most).toBe(1);
    const rows = await db.query(`SELECT count(*)::int AS n, count(DISTINCT url)::int AS d FROM news.posts WHERE channel_id = $1`, [
      channel.id,
    ]);
    expect(rows.rows[0]).toEqual({ n: 20, d: 20 });
  });

  it('polls by itself when a source is due, and survives a restart of news', async () => {
    const channel = await createChannel(platform, owner.token);
    let items = englishItems(1, 'poll');
    const url = server.xml('/poll.xml', () => rss(items));
    const source = await add(channel.id, url);
    await eventually(async () => ((await posts(channel.id)).length === 1 ? true : undefined), 10_000, 'the first poll');
    await platform.stopService('news');
    items = englishItems(20, 'poll');
    // Due now, as if its interval had passed while news was down.
    await db.query(`UPDATE news.feed_sources SET next_fetch_at = now() WHERE id = $1`, [source.id]);
    await platform.startService('news');
    await eventually(async () => ((await posts(channel.id)).length === 20 ? true : undefined), 10_000, 'the poll after restart');
    // 20 items in the past week: read about twice per average gap (7 days / 20 / 2 = 4.2 hours).
    const row = (
      await db.query(
        `SELECT interval_seconds, next_fetch_at > now() + interval '4 hours' AS later, lease_token FROM news.feed_sources WHERE id = $1`,
        [source.id],
      )
    ).rows[0];
    expect(row).toEqual({ interval_seconds: 15120, later: true, lease_token: null });
  });

  it('stops polling a removed source', async () => {
    const channel = await createChannel(platform, owner.token);
    const url = server.xml('/removed.xml', () => rss(englishItems(1, 'rm')));
    const source = await add(channel.id, url);
    await eventually(async () => ((await posts(channel.id)).length === 1 ? true : undefined), 10_000, 'the first poll');
    ok(await platform.gql(REMOVE, { id: source.id }, owner.token));
    await db.query(`UPDATE news.feed_sources SET next_fetch_at = now() WHERE id = $1`, [source.id]);
    const hits = server.hits('/removed.xml');
    await sleep(600);
    expect(server.hits('/removed.xml')).toBe(hits);
    expect(await posts(channel.id)).toHaveLength(1);
  });
});
