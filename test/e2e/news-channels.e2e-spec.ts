import { errorCode, SignedUp, TestPlatform } from '@test/support';
import { CHANNEL_FIELDS, createChannel, ok, publish, subscribe, uniqueHandle } from '../../apps/news/test/news-client';

const CREATE = `mutation($i:CreateChannelInput!){ createChannel(input:$i){ ${CHANNEL_FIELDS} } }`;
const UPDATE = `mutation($id:ID!,$i:UpdateChannelInput!){ updateChannel(id:$id, input:$i){ ${CHANNEL_FIELDS} } }`;
const ADD_ADMIN = `mutation($c:ID!,$u:ID!){ addChannelAdmin(channelId:$c, userId:$u){ id myRole } }`;
const CHANNEL = `query($id:ID,$h:String){ channel(id:$id, handle:$h){ ${CHANNEL_FIELDS} } }`;
const DIRECTORY = `query($q:String,$f:Int,$a:String){ channels(query:$q, first:$f, after:$a){ edges { cursor node { id handle title subscriberCount } } pageInfo { hasNextPage endCursor } } }`;

describe('news: channels', () => {
  let platform: TestPlatform;
  let owner: SignedUp;
  let reader: SignedUp;

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['accounts', 'news'] });
    owner = await platform.signUp('مدیر کانال');
    reader = await platform.signUp('خواننده');
  });
  afterAll(async () => {
    await platform?.close();
  });

  describe('createChannel', () => {
    it('creates a channel owned by its creator, with no subscribers', async () => {
      const handle = uniqueHandle('News');
      const channel = await createChannel(platform, owner.token, {
        handle: `@${handle}`,
        title: '  اخبار   روز  ',
        description: 'توضيحات',
      });
      expect(channel).toMatchObject({
        handle,
        title: 'اخبار روز',
        description: 'توضیحات',
        subscriberCount: 0,
        subscribed: false,
        myRole: 'OWNER',
      });
      const seen = ok(await platform.gql(CHANNEL, { h: handle.toUpperCase() }, reader.token)).channel;
      expect(seen).toMatchObject({ id: channel.id, handle, myRole: null });
    });

    it.each(['abcd', 'a'.repeat(33), '1abcde', '_abcde', 'ab-cde', 'ab cde', 'کانال_خبر'])('refuses the handle %j', async (handle) => {
      const res = await platform.gql(CREATE, { i: { handle, title: 'x' } }, owner.token);
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions!.field).toBe('handle');
    });

    it('keeps handles unique case-insensitively', async () => {
      const handle = uniqueHandle('Dup');
      await createChannel(platform, owner.token, { handle });
      const res = await platform.gql(CREATE, { i: { handle: handle.toUpperCase(), title: 'x' } }, reader.token);
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions!.field).toBe('handle');
    });

    it('gives one channel when the same handle is claimed concurrently', async () => {
      const handle = uniqueHandle('race');
      const results = await Promise.all(Array.from({ length: 6 }, () => platform.gql(CREATE, { i: { handle, title: 't' } }, owner.token)));
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      expect(results.filter((r) => errorCode(r) === 'BAD_USER_INPUT')).toHaveLength(5);
    });

    it('refuses an empty title', async () => {
      const res = await platform.gql(CREATE, { i: { handle: uniqueHandle(), title: ' \u200c ' } }, owner.token);
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
    });
  });

  describe('roles', () => {
    it('lets owners and admins update the channel, and no one else', async () => {
      const channel = await createChannel(platform, owner.token);
      const denied = await platform.gql(UPDATE, { id: channel.id, i: { title: 'دزدیده' } }, reader.token);
      expect(errorCode(denied)).toBe('FORBIDDEN');
      const updated = ok(
        await platform.gql(UPDATE, { id: channel.id, i: { title: 'عنوان تازه', description: '' } }, owner.token),
      ).updateChannel;
      expect(updated).toMatchObject({ title: 'عنوان تازه', description: null });
      expect(errorCode(await platform.gql(UPDATE, { id: '00000000-0000-0000-0000-000000000000', i: { title: 'x' } }, owner.token))).toBe(
        'NOT_FOUND',
      );
    });

    it('lets the owner add admins, who may publish but not add admins themselves', async () => {
      const channel = await createChannel(platform, owner.token);
      const admin = await platform.signUp('دستیار');
      const third = await platform.signUp();
      expect(
        errorCode(
          await platform.gql(
            `mutation($i:PublishPostInput!){ publishPost(input:$i){ id } }`,
            { i: { channelId: channel.id, text: 'x' } },
            admin.token,
          ),
        ),
      ).toBe('FORBIDDEN');
      const added = ok(await platform.gql(ADD_ADMIN, { c: channel.id, u: admin.userId }, owner.token)).addChannelAdmin;
      expect(added.myRole).toBe('OWNER');
      const again = ok(await platform.gql(ADD_ADMIN, { c: channel.id, u: admin.userId }, owner.token)).addChannelAdmin;
      expect(again.id).toBe(channel.id);
      const asAdmin = ok(await platform.gql(CHANNEL, { id: channel.id }, admin.token)).channel;
      expect(asAdmin.myRole).toBe('ADMIN');
      const post = await publish(platform, admin.token, channel.id, { text: 'از طرف مدیر' });
      expect(post.text).toBe('از طرف مدیر');
      expect(errorCode(await platform.gql(ADD_ADMIN, { c: channel.id, u: third.userId }, admin.token))).toBe('FORBIDDEN');
      expect(errorCode(await platform.gql(ADD_ADMIN, { c: channel.id, u: '00000000-0000-4000-8000-000000000000' }, owner.token))).toBe(
        'NOT_FOUND',
      );
    });
  });

  describe('signPosts', () => {
    it('signs with the display name the author had when publishing', async () => {
      const author = await platform.signUp('نویسنده اول');
      const channel = await createChannel(platform, author.token, { signPosts: true });
      const signed = await publish(platform, author.token, channel.id);
      expect(signed.signature).toBe('نویسنده اول');
      ok(await platform.gql(`mutation{ updateProfile(input:{displayName:"نام تازه"}){ id } }`, {}, author.token));
      const page = ok(
        await platform.gql(
          `query($id:ID){ channel(id:$id){ posts(first:5){ edges { node { id signature } } } } }`,
          { id: channel.id },
          author.token,
        ),
      );
      expect(page.channel.posts.edges[0].node).toEqual({ id: signed.id, signature: 'نویسنده اول' });
      expect((await publish(platform, author.token, channel.id)).signature).toBe('نام تازه');
      ok(await platform.gql(UPDATE, { id: channel.id, i: { signPosts: false } }, author.token));
      expect((await publish(platform, author.token, channel.id)).signature).toBeNull();
    });
  });

  describe('subscriptions', () => {
    it('is idempotent and counts exactly, even when called concurrently', async () => {
      const channel = await createChannel(platform, owner.token);
      const fans = await Promise.all([platform.signUp(), platform.signUp(), platform.signUp()]);
      await Promise.all(fans.flatMap((f) => Array.from({ length: 5 }, () => subscribe(platform, f.token, channel.id))));
      const seen = ok(await platform.gql(CHANNEL, { id: channel.id }, fans[0].token)).channel;
      expect(seen).toMatchObject({ subscriberCount: 3, subscribed: true });
      const UNSUB = `mutation($c:ID!){ unsubscribeChannel(channelId:$c){ subscriberCount subscribed } }`;
      const results = await Promise.all(Array.from({ length: 4 }, () => platform.gql(UNSUB, { c: channel.id }, fans[0].token)));
      for (const r of results) expect(ok(r).unsubscribeChannel.subscribed).toBe(false);
      expect(ok(await platform.gql(CHANNEL, { id: channel.id }, reader.token)).channel.subscriberCount).toBe(2);
    });

    it('says NOT_FOUND for a channel that does not exist', async () => {
      const res = await platform.gql(
        `mutation{ subscribeChannel(channelId:"00000000-0000-4000-8000-000000000000"){ id } }`,
        {},
        reader.token,
      );
      expect(errorCode(res)).toBe('NOT_FOUND');
    });
  });

  describe('channels (the directory)', () => {
    it('matches titles Persian-normalized and handles in part, most subscribed first, page by page', async () => {
      const tag = uniqueHandle('dir').slice(4);
      const quiet = await createChannel(platform, owner.token, { handle: `tehran_${tag}_a`, title: 'اخبار كتابخانه ملي' });
      const popular = await createChannel(platform, owner.token, { handle: `tehran_${tag}_b`, title: 'كتاب‌خانه‌های تهران' });
      const other = await createChannel(platform, owner.token, { handle: `shiraz_${tag}`, title: 'ورزش' });
      const fans = await Promise.all([platform.signUp(), platform.signUp()]);
      for (const f of fans) await subscribe(platform, f.token, popular.id);
      await subscribe(platform, fans[0].token, quiet.id);

      const byTitle = ok(await platform.gql(DIRECTORY, { q: 'كتابخانه', f: 10 }, reader.token)).channels;
      const ids = byTitle.edges.map((e: any) => e.node.id);
      expect(ids).toEqual(expect.arrayContaining([popular.id, quiet.id]));
      expect(ids.indexOf(popular.id)).toBeLessThan(ids.indexOf(quiet.id));
      expect(ids).not.toContain(other.id);

      const byHandle = ok(await platform.gql(DIRECTORY, { q: `tehran_${tag}`, f: 1 }, reader.token)).channels;
      expect(byHandle.edges.map((e: any) => e.node.id)).toEqual([popular.id]);
      expect(byHandle.pageInfo.hasNextPage).toBe(true);
      const next = ok(await platform.gql(DIRECTORY, { q: `tehran_${tag}`, f: 5, a: byHandle.pageInfo.endCursor }, reader.token)).channels;
      expect(next.edges.map((e: any) => e.node.id)).toEqual([quiet.id]);
      expect(next.pageInfo.hasNextPage).toBe(false);

      const persianDigits = await createChannel(platform, owner.token, { handle: `digits_${tag}`, title: 'قيمت بنزين ١٤٠٣' });
      const found = ok(await platform.gql(DIRECTORY, { q: 'قیمت بنزین ۱۴۰۳', f: 5 }, reader.token)).channels;
      expect(found.edges.map((e: any) => e.node.id)).toContain(persianDigits.id);
    });

    it('refuses a page size over 100 and a cursor that is not its own', async () => {
      expect(errorCode(await platform.gql(DIRECTORY, { f: 101 }, reader.token))).toBe('BAD_USER_INPUT');
      const res = await platform.gql(DIRECTORY, { f: 5, a: 'bm9wZQ' }, reader.token);
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    });
  });
});
