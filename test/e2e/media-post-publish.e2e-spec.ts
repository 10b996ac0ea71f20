import { randomUUID } from 'node:crypto';
import { connect, NatsConnection } from 'nats';
import { Client } from 'pg';
import sharp from 'sharp';
import { RpcClient } from '@app/common';
import { MediaSubjects, NewsSubjects } from '@app/contracts';
import { errorCode, SignedUp, TestPlatform } from '@test/support';
import { PostMediaSettler } from '../../apps/media/src/attachments/post-media.settler';
import { createChannel } from '../../apps/news/test/news-client';
import { upload } from './media-helpers';
import { ok } from './messaging-helpers';

const PUBLISH = `mutation($i:PublishPostInput!){ publishPost(input:$i){ id media { id } } }`;
const POSTS = `query($c:ID){ channel(id:$c){ posts(first:20){ edges { node { id media { id } } } } } }`;

/**
 * publishPost with media is two steps (media records the album under the
 * post's id, then news publishes the post with it): what a failure, a retry
 * or a race between them leaves behind.
 */
describe('media: publishPost with media across media and news', () => {
  let platform: TestPlatform;
  let db: Client;
  let nc: NatsConnection;
  let rpc: RpcClient;
  let owner: SignedUp;
  let channelId: string;

  beforeAll(async () => {
    // Settled by hand (settleOnce), at once: every pending album is old enough.
    platform = await TestPlatform.start({
      services: ['accounts', 'news', 'media'],
      env: { MEDIA_SWEEP_INTERVAL_MS: '0', MEDIA_POST_SETTLE_AFTER_MS: '0' },
    });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    nc = await connect({ servers: (process.env.NATS_URL ?? 'nats://127.0.0.1:4222').split(',') });
    rpc = new RpcClient(nc, { timeoutMs: 5000 });
    owner = await platform.signUp('مالک');
    channelId = (await createChannel(platform, owner.token)).id;
  });
  afterAll(async () => {
    await nc?.close();
    await db?.end();
    await platform?.close();
  });

  const settle = () => platform.services.get('media')!.get(PostMediaSettler).settleOnce();
  const album = async (postId: string) =>
    (await db.query(`SELECT media_id, pending FROM media.post_media WHERE post_id = $1 ORDER BY position`, [postId])).rows as {
      media_id: string;
      pending: boolean;
    }[];
  const postExists = async (postId: string) => (await db.query(`SELECT 1 FROM news.posts WHERE id = $1`, [postId])).rowCount === 1;

  async function photo(colour: number): Promise<string> {
    const data = await sharp({ create: { width: 24, height: 16, channels: 3, background: { r: colour, g: 10, b: 90 } } })
      .png()
      .toBuffer();
    const { ticket, finished } = await upload(platform, owner, data, { kind: 'PHOTO', mimeType: 'image/png' });
    expect(finished.errors).toBeUndefined();
    return ticket.mediaId;
  }

  it('publishes a post whose album is there as soon as the post is, and keeps it when settled', async () => {
    const ids = [await photo(1), await photo(2)];
    const post = ok(await platform.gql(PUBLISH, { i: { channelId, text: 'با آلبوم', mediaIds: ids } }, owner.token)).publishPost;
    expect(post.media.map((m: { id: string }) => m.id)).toEqual(ids);
    expect(await album(post.id)).toEqual(ids.map((id) => ({ media_id: id, pending: true })));
    await settle();
    expect(await album(post.id)).toEqual(ids.map((id) => ({ media_id: id, pending: false })));
    const read = ok(await platform.gql(POSTS, { c: channelId }, owner.token)).channel.posts.edges;
    expect(read.find((e: { node: { id: string } }) => e.node.id === post.id).node.media).toHaveLength(2);
  });

  it('leaves no album behind when news fails after media recorded it, and refuses the late publish', async () => {
    const id = await photo(3);
    await platform.stopService('news');
    try {
      const res = await platform.gql(PUBLISH, { i: { channelId, text: 'news is down', mediaIds: [id] } }, owner.token);
      expect(errorCode(res)).toBe('SERVICE_UNAVAILABLE');
    } finally {
      await platform.startService('news');
    }
    const pending = (await db.query(`SELECT DISTINCT post_id FROM media.post_media WHERE media_id = $1 AND pending`, [id])).rows;
    expect(pending).toHaveLength(1);
    const postId = pending[0].post_id as string;
    expect(await postExists(postId)).toBe(false);

    expect((await settle()).removed).toBeGreaterThanOrEqual(1);
    expect(await album(postId)).toEqual([]);
    // The publish that never arrived, arriving now: refused, nothing published.
    const late = rpc.send(NewsSubjects.PublishPost, { viewerId: owner.userId, channelId, text: 'late', postId });
    await expect(late).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(await postExists(postId)).toBe(false);
    // The media itself is untouched: it can go into another post.
    const again = ok(await platform.gql(PUBLISH, { i: { channelId, text: 'دوباره', mediaIds: [id] } }, owner.token)).publishPost;
    expect(again.media).toEqual([{ id }]);
  });

  it('attaches once when either step is retried, and refuses another album under the same id', async () => {
    const ids = [await photo(4), await photo(5)];
    const postId = randomUUID();
    const attach = () => rpc.send(MediaSubjects.AttachToPost, { viewerId: owner.userId, postId, mediaIds: ids });
    expect(await Promise.all([attach(), attach(), attach()])).toEqual([true, true, true]);
    const other = rpc.send(MediaSubjects.AttachToPost, { viewerId: owner.userId, postId, mediaIds: [ids[1], ids[0]] });
    await expect(other).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
    expect((await album(postId)).map((r) => r.media_id)).toEqual(ids);

    const publish = () => rpc.send(NewsSubjects.PublishPost, { viewerId: owner.userId, channelId, text: 'retried', postId });
    const [first, second] = await Promise.all([publish(), publish()]);
    expect(first.id).toBe(postId);
    expect(second.id).toBe(postId);
    expect((await db.query(`SELECT count(*)::int AS n FROM news.posts WHERE id = $1`, [postId])).rows[0].n).toBe(1);
    await settle();
    expect(await album(postId)).toEqual(ids.map((media_id) => ({ media_id, pending: false })));
  });

  it('settles a publish racing the settling either way, never both', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const postId = randomUUID();
        const id = await photo(10 + i);
        await rpc.send(MediaSubjects.AttachToPost, { viewerId: owner.userId, postId, mediaIds: [id] });
        return postId;
      }),
    );
    const publishes = results.map((postId) =>
      rpc.send(NewsSubjects.PublishPost, { viewerId: owner.userId, channelId, text: 'race', postId }).then(
        () => 'published',
        (err: { code?: string }) => err.code,
      ),
    );
    const [outcomes] = await Promise.all([Promise.all(publishes), settle()]);
    await settle();
    for (const [i, postId] of results.entries()) {
      const rows = await album(postId);
      if (outcomes[i] === 'published') {
        expect(await postExists(postId)).toBe(true);
        expect(rows).toEqual([expect.objectContaining({ pending: false })]);
      } else {
        expect(outcomes[i]).toBe('SERVICE_UNAVAILABLE');
        expect(await postExists(postId)).toBe(false);
        expect(rows).toEqual([]);
      }
    }
  });
});
