import { errorCode, SignedUp, TestPlatform } from '@test/support';
import { createChannel, ok, publish } from '../../apps/news/test/news-client';

const SHARE = `mutation($p:ID!,$c:ID!,$k:String!){ sharePost(postId:$p, conversationId:$c, clientId:$k){ id seq kind clientId sender { id } post { id text channel { id title } } } }`;
const MESSAGES = `query($c:ID!){ messages(conversationId:$c, last:10){ edges { node { id kind post { id text } } } } }`;

describe('news: sharePost', () => {
  let platform: TestPlatform;
  let owner: SignedUp;
  let alice: SignedUp;
  let bob: SignedUp;
  let stranger: SignedUp;
  let conversationId: string;

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['accounts', 'messaging', 'news'] });
    [owner, alice, bob, stranger] = await Promise.all([
      platform.signUp('ناشر'),
      platform.signUp('آلیس'),
      platform.signUp('باب'),
      platform.signUp(),
    ]);
    conversationId = ok(await platform.gql(`mutation($u:ID!){ startDirectConversation(userId:$u){ id } }`, { u: bob.userId }, alice.token))
      .startDirectConversation.id;
  });
  afterAll(async () => {
    await platform?.close();
  });

  it('posts a POST_SHARE message showing the post, once per clientId', async () => {
    const channel = await createChannel(platform, owner.token, { title: 'کانال اشتراک' });
    const post = await publish(platform, owner.token, channel.id, { text: 'خبری برای هم‌رسانی' });
    const first = ok(await platform.gql(SHARE, { p: post.id, c: conversationId, k: 'share-1' }, alice.token)).sharePost;
    expect(first).toMatchObject({
      kind: 'POST_SHARE',
      clientId: 'share-1',
      sender: { id: alice.userId },
      post: { id: post.id, text: 'خبری برای هم‌رسانی', channel: { id: channel.id, title: 'کانال اشتراک' } },
    });
    const again = await Promise.all([1, 2, 3].map(() => platform.gql(SHARE, { p: post.id, c: conversationId, k: 'share-1' }, alice.token)));
    for (const r of again) expect(ok(r).sharePost).toMatchObject({ id: first.id, seq: first.seq });
    const seen = ok(await platform.gql(MESSAGES, { c: conversationId }, bob.token)).messages.edges.map((e: any) => e.node);
    expect(seen.filter((m: any) => m.kind === 'POST_SHARE')).toEqual([
      { id: first.id, kind: 'POST_SHARE', post: { id: post.id, text: 'خبری برای هم‌رسانی' } },
    ]);
  });

  it('refuses a conversation the viewer is not in, and a post that does not exist', async () => {
    const channel = await createChannel(platform, owner.token);
    const post = await publish(platform, owner.token, channel.id);
    expect(errorCode(await platform.gql(SHARE, { p: post.id, c: conversationId, k: 'x1' }, stranger.token))).toBe('NOT_FOUND');
    expect(
      errorCode(await platform.gql(SHARE, { p: '00000000-0000-4000-8000-000000000000', c: conversationId, k: 'x2' }, alice.token)),
    ).toBe('NOT_FOUND');
    expect(errorCode(await platform.gql(SHARE, { p: post.id, c: conversationId, k: '' }, alice.token))).toBe('BAD_USER_INPUT');
  });

  it('shows no post once the post is deleted', async () => {
    const channel = await createChannel(platform, owner.token);
    const post = await publish(platform, owner.token, channel.id);
    const message = ok(await platform.gql(SHARE, { p: post.id, c: conversationId, k: 'del-1' }, alice.token)).sharePost;
    ok(await platform.gql(`mutation($id:ID!){ deletePost(id:$id) }`, { id: post.id }, owner.token));
    const seen = ok(await platform.gql(MESSAGES, { c: conversationId }, bob.token)).messages.edges.map((e: any) => e.node);
    expect(seen.find((m: any) => m.id === message.id)).toEqual({ id: message.id, kind: 'POST_SHARE', post: null });
  });
});
