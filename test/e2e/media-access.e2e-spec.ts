import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { errorCode, SignedUp, TestPlatform } from '@test/support';
import { createChannel, publish } from '../../apps/news/test/news-client';
import { MEDIA, MEDIA_FIELDS, upload } from './media-helpers';
import { group, ok } from './messaging-helpers';

const ENV = { RATE_LIMIT_USER_PER_SECOND: '100000', RATE_LIMIT_USER_BURST: '100000' };
const SEND = `mutation($i:SendMessageInput!){ sendMessage(input:$i){ id text media { ${MEDIA_FIELDS} } } }`;
const MESSAGES = `query($c:ID!){ messages(conversationId:$c, last:50){ edges { node { id text deletedAt media { id url } } } } }`;

async function photo(p: TestPlatform, user: SignedUp, colour: number): Promise<string> {
  const data = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: colour, g: 100, b: 50 } } })
    .png()
    .toBuffer();
  const { ticket, finished } = await upload(p, user, data, { kind: 'PHOTO', mimeType: 'image/png' });
  if (finished.errors) throw new Error(JSON.stringify(finished.errors));
  return ticket.mediaId;
}

describe('media: who may see it, and where it is used', () => {
  let platform: TestPlatform;
  let owner: SignedUp;
  let member: SignedUp;
  let removed: SignedUp;
  let outsider: SignedUp;
  let conversationId: string;

  const mediaFor = async (user: SignedUp, id: string) => ok(await platform.gql(MEDIA, { id }, user.token)).media;
  const send = async (user: SignedUp, mediaIds: string[], text = '') =>
    platform.gql(SEND, { i: { conversationId, clientId: randomUUID(), text, mediaIds } }, user.token);

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['accounts', 'messaging', 'news', 'media'], env: ENV });
    [owner, member, removed, outsider] = await Promise.all(['مالک', 'عضو', 'رفته', 'غریبه'].map((n) => platform.signUp(n)));
    conversationId = await group(platform, owner, [member, removed]);
  });
  afterAll(async () => {
    await platform?.close();
  });

  it('sends an album in the order given, with no text, and members see it while outsiders do not', async () => {
    const ids = [await photo(platform, owner, 10), await photo(platform, owner, 20), await photo(platform, owner, 30)];
    const sent = ok(await send(owner, ids)).sendMessage;
    expect(sent.text).toBeNull();
    expect(sent.media.map((m: { id: string }) => m.id)).toEqual(ids);
    expect(sent.media[0].thumbnailUrl).toBeTruthy();
    const seen = ok(await platform.gql(MESSAGES, { c: conversationId }, member.token)).messages.edges.at(-1).node;
    expect(seen.media.map((m: { id: string }) => m.id)).toEqual(ids);
    expect((await fetch(seen.media[0].url)).status).toBe(200);
    expect((await mediaFor(member, ids[1])).id).toBe(ids[1]);
    expect(await mediaFor(outsider, ids[1])).toBeNull();
  });

  it('refuses more than 10 media, the same media twice, and media that are not the sender’s', async () => {
    const mine = await photo(platform, owner, 40);
    const theirs = await photo(platform, member, 50);
    expect(
      errorCode(
        await send(
          owner,
          Array.from({ length: 11 }, () => mine),
        ),
      ),
    ).toBe('BAD_USER_INPUT');
    expect(errorCode(await send(owner, [mine, mine]))).toBe('BAD_USER_INPUT');
    const res = await send(owner, [theirs]);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions).toMatchObject({ field: 'mediaIds' });
  });

  it('keeps the media when forwarded, for the members of the conversation it was forwarded to', async () => {
    const id = await photo(platform, owner, 60);
    const sent = ok(await send(owner, [id], 'با زیرنویس')).sendMessage;
    const elsewhere = await group(platform, member, [outsider]);
    const fwd = await platform.gql(
      `mutation($m:ID!,$c:ID!,$k:String!){ forwardMessage(messageId:$m, toConversationId:$c, clientId:$k){ media { id } } }`,
      { m: sent.id, c: elsewhere, k: randomUUID() },
      member.token,
    );
    expect(ok(fwd).forwardMessage.media).toEqual([{ id }]);
    expect((await mediaFor(outsider, id)).id).toBe(id);
  });

  it('makes media unreachable once its message is deleted for everyone', async () => {
    const id = await photo(platform, owner, 70);
    const sent = ok(await send(owner, [id])).sendMessage;
    expect((await mediaFor(member, id)).id).toBe(id);
    ok(await platform.gql(`mutation($m:ID!){ deleteMessage(messageId:$m, forEveryone:true) }`, { m: sent.id }, owner.token));
    expect(await mediaFor(member, id)).toBeNull();
    const node = ok(await platform.gql(MESSAGES, { c: conversationId }, member.token)).messages.edges.find(
      (e: { node: { id: string } }) => e.node.id === sent.id,
    ).node;
    expect(node.media).toEqual([]);
  });

  it('does not show a removed member the media sent after they left', async () => {
    const before = await photo(platform, owner, 80);
    ok(await send(owner, [before]));
    expect((await mediaFor(removed, before)).id).toBe(before);
    ok(
      await platform.gql(
        `mutation($c:ID!,$u:ID!){ removeMember(conversationId:$c, userId:$u){ id } }`,
        { c: conversationId, u: removed.userId },
        owner.token,
      ),
    );
    const after = await photo(platform, owner, 90);
    ok(await send(owner, [after]));
    expect(await mediaFor(removed, after)).toBeNull();
    expect(await mediaFor(removed, before)).toBeNull();
    // The history they saw stays readable, without its media.
    const seen = ok(await platform.gql(MESSAGES, { c: conversationId }, removed.token)).messages.edges.map(
      (e: { node: { media: unknown[] } }) => e.node.media,
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((m: unknown[]) => m.length === 0)).toBe(true);
  });

  it('sets an avatar that everyone sees, and removes it', async () => {
    const id = await photo(platform, member, 100);
    const set = ok(await platform.gql(`mutation($m:ID){ setAvatar(mediaId:$m){ id avatar { id url } } }`, { m: id }, member.token));
    expect(set.setAvatar.avatar.id).toBe(id);
    const seen = ok(await platform.gql(`query($u:ID){ user(id:$u){ avatar { id url } } }`, { u: member.userId }, outsider.token));
    expect(seen.user.avatar.id).toBe(id);
    expect((await mediaFor(outsider, id)).id).toBe(id);
    const cleared = ok(await platform.gql(`mutation{ setAvatar(mediaId:null){ avatar { id } } }`, {}, member.token));
    expect(cleared.setAvatar.avatar).toBeNull();
  });

  it('refuses a file as an avatar', async () => {
    const { ticket } = await upload(platform, member, Buffer.from('not a photo'), { kind: 'FILE', mimeType: 'text/plain' });
    expect(errorCode(await platform.gql(`mutation($m:ID){ setAvatar(mediaId:$m){ id } }`, { m: ticket.mediaId }, member.token))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('sets a channel photo (owners and admins only) and publishes posts with media that readers see', async () => {
    const channel = await createChannel(platform, owner.token);
    const id = await photo(platform, owner, 110);
    const SET = `mutation($c:ID!,$m:ID){ setChannelPhoto(channelId:$c, mediaId:$m){ id photo { id } } }`;
    expect(errorCode(await platform.gql(SET, { c: channel.id, m: id }, outsider.token))).toBe('FORBIDDEN');
    expect(ok(await platform.gql(SET, { c: channel.id, m: id }, owner.token)).setChannelPhoto.photo.id).toBe(id);
    const postPhoto = await photo(platform, owner, 120);
    const post = await publish(platform, owner.token, channel.id, { mediaIds: [postPhoto] });
    const read = ok(
      await platform.gql(
        `query($c:ID){ channel(id:$c){ photo { id } posts(first:5){ edges { node { id media { id url } } } } } }`,
        { c: channel.id },
        outsider.token,
      ),
    );
    expect(read.channel.photo.id).toBe(id);
    expect(read.channel.posts.edges[0].node).toMatchObject({ id: post.id, media: [{ id: postPhoto }] });
    expect((await mediaFor(outsider, postPhoto)).id).toBe(postPhoto);
  });
});
