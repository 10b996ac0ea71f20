import { Client } from 'pg';
import { errorCode, SignedUp, TestPlatform } from '@test/support';
import {
  createChannel,
  eventually,
  feedPage,
  ok,
  PAGE,
  POST_FIELDS,
  publish,
  subscribe,
  wholeFeed,
} from '../../apps/news/test/news-client';

const EDIT = `mutation($id:ID!,$i:EditPostInput!){ editPost(id:$id, input:$i){ ${POST_FIELDS} } }`;
const DELETE = `mutation($id:ID!){ deletePost(id:$id) }`;
const VIEW = `mutation($ids:[ID!]!){ viewPosts(postIds:$ids){ id views } }`;
const REACT = `mutation($p:ID!,$e:String){ reactToPost(postId:$p, emoji:$e){ id reactions { emoji count reactedByMe } } }`;
const SEARCH = `query($q:String!,$c:ID,$f:Int,$a:String){ searchPosts(query:$q, channelId:$c, first:$f, after:$a){ ${PAGE} } }`;
const CHANNEL_POSTS = `query($id:ID,$f:Int,$a:String){ channel(id:$id){ posts(first:$f, after:$a){ ${PAGE} } } }`;

describe('news: posts, feed, views, reactions, search', () => {
  let platform: TestPlatform;
  let db: Client;
  let owner: SignedUp;
  let reader: SignedUp;

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['accounts', 'news'] });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    [owner, reader] = await Promise.all([platform.signUp('ناشر'), platform.signUp('خواننده')]);
  });
  afterAll(async () => {
    await db?.end();
    await platform?.close();
  });

  describe('publishPost / editPost / deletePost', () => {
    it('publishes display-normalized text with its title and link, and edits it', async () => {
      const channel = await createChannel(platform, owner.token);
      const post = await publish(platform, owner.token, channel.id, {
        title: ' تيتر ',
        text: 'سلام\u200f دنيا\n\n\n\nبند دوم',
        url: 'https://example.com/a?b=1',
      });
      expect(post).toMatchObject({
        title: 'تیتر',
        text: 'سلام دنیا\n\nبند دوم',
        url: 'https://example.com/a?b=1',
        views: 0,
        reactions: [],
        editedAt: null,
        channel: { id: channel.id },
      });
      const edited = ok(await platform.gql(EDIT, { id: post.id, i: { text: 'متن تازه', title: '' } }, owner.token)).editPost;
      expect(edited).toMatchObject({
        id: post.id,
        title: null,
        text: 'متن تازه',
        url: 'https://example.com/a?b=1',
        publishedAt: post.publishedAt,
      });
      expect(edited.editedAt).not.toBeNull();
      expect(errorCode(await platform.gql(EDIT, { id: post.id, i: { text: 'x' } }, reader.token))).toBe('FORBIDDEN');
    });

    it('refuses empty or too long text and links that are not http(s)', async () => {
      const channel = await createChannel(platform, owner.token);
      const P = `mutation($i:PublishPostInput!){ publishPost(input:$i){ id } }`;
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ text: '   ' }, 'text'],
        [{ text: 'ب'.repeat(16385) }, 'text'],
        [{ text: 'x', url: 'javascript:alert(1)' }, 'url'],
        [{ text: 'x', url: 'not a url' }, 'url'],
      ];
      for (const [input, field] of cases) {
        const res = await platform.gql(P, { i: { channelId: channel.id, ...input } }, owner.token);
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      }
      expect(
        ok(await platform.gql(P, { i: { channelId: channel.id, text: 'ب'.repeat(16384) } }, owner.token)).publishPost.id,
      ).toBeDefined();
    });

    it('deletes for everyone; a second delete is a harmless retry; readers cannot delete', async () => {
      const channel = await createChannel(platform, owner.token);
      await subscribe(platform, reader.token, channel.id);
      const post = await publish(platform, owner.token, channel.id);
      expect(errorCode(await platform.gql(DELETE, { id: post.id }, reader.token))).toBe('FORBIDDEN');
      expect(ok(await platform.gql(DELETE, { id: post.id }, owner.token)).deletePost).toBe(true);
      expect(ok(await platform.gql(DELETE, { id: post.id }, owner.token)).deletePost).toBe(true);
      const feed = await wholeFeed(platform, reader.token, 50);
      expect(feed).not.toContain(post.id);
      expect(errorCode(await platform.gql(EDIT, { id: post.id, i: { text: 'x' } }, owner.token))).toBe('NOT_FOUND');
    });
  });

  describe('feed', () => {
    it('shows the posts of subscribed channels only, newest first', async () => {
      const viewer = await platform.signUp();
      const [a, b, c] = await Promise.all([
        createChannel(platform, owner.token),
        createChannel(platform, owner.token),
        createChannel(platform, owner.token),
      ]);
      await subscribe(platform, viewer.token, a.id);
      await subscribe(platform, viewer.token, b.id);
      const published: string[] = [];
      for (let i = 0; i < 6; i++) {
        const post = await publish(platform, owner.token, [a, b, c][i % 3].id, { text: `پست ${i}` });
        if (i % 3 !== 2) published.push(post.id);
      }
      const page = await feedPage(platform, viewer.token, 10);
      expect(page.edges.map((e: any) => e.node.id)).toEqual([...published].reverse());
      expect(page.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
      const times = page.edges.map((e: any) => Date.parse(e.node.publishedAt));
      expect([...times].sort((x, y) => y - x)).toEqual(times);
    });

    it('pages with cursors that neither skip nor repeat a post while new posts keep arriving', async () => {
      const viewer = await platform.signUp();
      const channels = await Promise.all([1, 2, 3, 4].map(() => createChannel(platform, owner.token)));
      for (const ch of channels) await subscribe(platform, viewer.token, ch.id);
      const before: string[] = [];
      for (let i = 0; i < 23; i++) before.push((await publish(platform, owner.token, channels[i % 4].id)).id);
      // Posts that share one millisecond are ordered by id: the cursor must carry both.
      await db.query(`UPDATE news.posts SET published_at = date_trunc('second', published_at) WHERE id = ANY($1::uuid[])`, [
        before.slice(0, 10),
      ]);

      const expected = (
        await db.query(`SELECT id FROM news.posts WHERE id = ANY($1::uuid[]) ORDER BY published_at DESC, id DESC`, [before])
      ).rows.map((r) => r.id);
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const page: any = await feedPage(platform, viewer.token, 5, after);
        seen.push(...page.edges.map((e: any) => e.node.id));
        // New posts land on top while the reader pages down.
        await publish(platform, owner.token, channels[pages % 4].id, { text: 'تازه' });
        pages++;
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(expected);
      expect(new Set(seen).size).toBe(seen.length);
      expect(pages).toBe(5);
    });

    it('refuses a page size outside 1..100 and a foreign cursor', async () => {
      expect(errorCode(await platform.gql(`{ feed(first:0){ edges { cursor } } }`, {}, reader.token))).toBe('BAD_USER_INPUT');
      expect(errorCode(await platform.gql(`{ feed(first:101){ edges { cursor } } }`, {}, reader.token))).toBe('BAD_USER_INPUT');
      const res = await platform.gql(`query($a:String){ feed(first:5, after:$a){ edges { cursor } } }`, { a: 'garbage' }, reader.token);
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    });
  });

  describe('scheduled posts', () => {
    it('stay invisible to readers (feed, channel, search, views) until their time, then appear', async () => {
      const channel = await createChannel(platform, owner.token);
      await subscribe(platform, reader.token, channel.id);
      const at = new Date(Date.now() + 2500).toISOString();
      const word = `زمان‌بندی${Date.now() % 100000}`;
      const post = await publish(platform, owner.token, channel.id, { text: `خبر ${word}`, scheduledAt: at });
      expect(Date.parse(post.publishedAt)).toBe(Date.parse(at));

      const readerPosts = ok(await platform.gql(CHANNEL_POSTS, { id: channel.id, f: 10 }, reader.token)).channel.posts;
      expect(readerPosts.edges).toHaveLength(0);
      const adminPosts = ok(await platform.gql(CHANNEL_POSTS, { id: channel.id, f: 10 }, owner.token)).channel.posts;
      expect(adminPosts.edges.map((e: any) => e.node.id)).toEqual([post.id]);
      expect((await feedPage(platform, reader.token, 10)).edges.map((e: any) => e.node.id)).not.toContain(post.id);
      expect(ok(await platform.gql(SEARCH, { q: word, f: 5 }, reader.token)).searchPosts.edges).toHaveLength(0);
      expect(ok(await platform.gql(VIEW, { ids: [post.id] }, reader.token)).viewPosts).toEqual([]);
      expect(errorCode(await platform.gql(REACT, { p: post.id, e: '👍' }, reader.token))).toBe('NOT_FOUND');

      await eventually(
        async () => ((await feedPage(platform, reader.token, 10)).edges.some((e: any) => e.node.id === post.id) ? true : undefined),
        10_000,
        'the scheduled post in the feed',
      );
      expect(ok(await platform.gql(SEARCH, { q: word, f: 5 }, reader.token)).searchPosts.edges.map((e: any) => e.node.id)).toEqual([
        post.id,
      ]);
    });

    it('publishes a time already past at once, and refuses a time past a year', async () => {
      const channel = await createChannel(platform, owner.token);
      const before = Date.now();
      const post = await publish(platform, owner.token, channel.id, { scheduledAt: new Date(Date.now() - 3600_000).toISOString() });
      expect(Date.parse(post.publishedAt)).toBeGreaterThanOrEqual(before - 1000);
      const res = await platform.gql(
        `mutation($i:PublishPostInput!){ publishPost(input:$i){ id } }`,
        { i: { channelId: channel.id, text: 'x', scheduledAt: new Date(Date.now() + 400 * 86400_000).toISOString() } },
        owner.token,
      );
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'scheduledAt' });
    });
  });

  describe('viewPosts', () => {
    it('counts one view per user per post however often and however concurrently it is called', async () => {
      const channel = await createChannel(platform, owner.token);
      const posts = await Promise.all([1, 2, 3].map(() => publish(platform, owner.token, channel.id)));
      const ids = posts.map((p) => p.id);
      const users = await Promise.all([platform.signUp(), platform.signUp(), platform.signUp()]);
      await Promise.all(
        users.flatMap((u) => Array.from({ length: 8 }, (_, i) => platform.gql(VIEW, { ids: i % 2 ? ids : [...ids].reverse() }, u.token))),
      );
      const result = ok(await platform.gql(VIEW, { ids }, users[0].token)).viewPosts;
      expect(result).toEqual(ids.map((id) => ({ id, views: 3 })));
      const stored = await db.query(
        `SELECT post_id, count(*)::int AS n FROM news.post_views WHERE post_id = ANY($1::uuid[]) GROUP BY post_id`,
        [ids],
      );
      expect(stored.rows.map((r) => r.n)).toEqual([3, 3, 3]);
    });

    it('ignores ids that are not visible posts', async () => {
      const res = ok(await platform.gql(VIEW, { ids: ['nope', '00000000-0000-4000-8000-000000000000'] }, reader.token));
      expect(res.viewPosts).toEqual([]);
    });
  });

  describe('reactToPost', () => {
    it('keeps one reaction per user per post: set, change, remove', async () => {
      const channel = await createChannel(platform, owner.token);
      const post = await publish(platform, owner.token, channel.id);
      const other = await platform.signUp();
      await Promise.all(Array.from({ length: 5 }, () => platform.gql(REACT, { p: post.id, e: '👍' }, reader.token)));
      ok(await platform.gql(REACT, { p: post.id, e: '👍' }, other.token));
      let mine = ok(await platform.gql(REACT, { p: post.id, e: '🔥' }, reader.token)).reactToPost.reactions;
      expect(mine).toEqual([
        { emoji: '👍', count: 1, reactedByMe: false },
        { emoji: '🔥', count: 1, reactedByMe: true },
      ]);
      const theirs = ok(await platform.gql(REACT, { p: post.id, e: '👍' }, other.token)).reactToPost.reactions;
      expect(theirs).toEqual([
        { emoji: '👍', count: 1, reactedByMe: true },
        { emoji: '🔥', count: 1, reactedByMe: false },
      ]);
      mine = ok(await platform.gql(REACT, { p: post.id, e: null }, reader.token)).reactToPost.reactions;
      expect(mine).toEqual([{ emoji: '👍', count: 1, reactedByMe: false }]);
    });

    it('takes one emoji (sequences and flags too) and nothing else', async () => {
      const channel = await createChannel(platform, owner.token);
      const post = await publish(platform, owner.token, channel.id);
      for (const e of ['👨‍👩‍👧', '🇮🇷', '👍🏽', '❤️'])
        expect(ok(await platform.gql(REACT, { p: post.id, e }, reader.token)).reactToPost.reactions[0].emoji).toBe(e);
      for (const e of ['a', 'خوب', ' ', '👍 hi']) {
        const res = await platform.gql(REACT, { p: post.id, e }, reader.token);
        expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'emoji' });
      }
      expect(errorCode(await platform.gql(REACT, { p: '00000000-0000-4000-8000-000000000000', e: '👍' }, reader.token))).toBe('NOT_FOUND');
    });
  });

  describe('searchPosts', () => {
    it('finds title and text Persian-normalized, newest first, in one channel when asked, page by page', async () => {
      const [a, b] = await Promise.all([createChannel(platform, owner.token), createChannel(platform, owner.token)]);
      const tag = `ت${Date.now() % 1000000}`;
      const p1 = await publish(platform, owner.token, a.id, { title: `قيمت بنزين ${tag}`, text: 'افزايش در سال ١٤٠٣' });
      const p2 = await publish(platform, owner.token, b.id, { text: `کتاب‌خانهٔ ملّی ${tag} باز شد` });
      const p3 = await publish(platform, owner.token, a.id, { text: `قیمت نان ${tag}` });
      const deleted = await publish(platform, owner.token, a.id, { text: `قیمت حذف‌شده ${tag}` });
      ok(await platform.gql(DELETE, { id: deleted.id }, owner.token));

      const ids = async (q: string, c?: string) =>
        ok(await platform.gql(SEARCH, { q, c: c ?? null, f: 10 }, reader.token)).searchPosts.edges.map((e: any) => e.node.id);
      expect(await ids(`قیمت ${tag}`)).toEqual([p3.id, p1.id]);
      expect(await ids(`بنزین ۱۴۰۳ ${tag}`)).toEqual([p1.id]);
      expect(await ids(`كتابخانه ${tag}`)).toEqual([p2.id]);
      expect(await ids(`کتاب خانه ${tag}`)).toEqual([p2.id]);
      expect(await ids(`${tag} قی`)).toEqual([p3.id, p1.id]);
      expect(await ids(`${tag}`, b.id)).toEqual([p2.id]);
      expect(await ids('   ؟؟ ')).toEqual([]);

      const first = ok(await platform.gql(SEARCH, { q: tag, f: 2 }, reader.token)).searchPosts;
      expect(first.edges.map((e: any) => e.node.id)).toEqual([p3.id, p2.id]);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = ok(await platform.gql(SEARCH, { q: tag, f: 2, a: first.pageInfo.endCursor }, reader.token)).searchPosts;
      expect(second.edges.map((e: any) => e.node.id)).toEqual([p1.id]);
      expect(second.pageInfo.hasNextPage).toBe(false);
    });
  });
});
