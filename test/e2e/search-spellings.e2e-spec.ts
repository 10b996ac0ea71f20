import { DataSource, MigrationInterface } from 'typeorm';
import { SignedUp, TestPlatform } from '@test/support';
import { searchKey } from '@app/persian';
import { RekeyUserSearch1765800000000 } from '../../apps/accounts/src/database/migrations/1765800000000-RekeyUserSearch';
import { RekeyMessageSearch1765800000000 } from '../../apps/messaging/src/database/migrations/1765800000000-RekeyMessageSearch';
import { RekeyNewsSearch1765800000000 } from '../../apps/news/src/database/migrations/1765800000000-RekeyNewsSearch';
import { createChannel, publish } from '../../apps/news/test/news-client';
import { group, MESSAGING_ENV, ok, send, sql } from './messaging-helpers';

const ZWNJ = '\u200C';
/** One compound in every spelling people type (issue 17): ZWNJ, joined, spaced, Arabic ي/ك, Arabic ي/ك joined. */
const PARTS = ['کتاب', 'خانه', 'های'];
const SPELLINGS: Record<string, string> = {
  zwnj: PARTS.join(ZWNJ),
  joined: PARTS.join(''),
  spaced: PARTS.join(' '),
  arabic: PARTS.join(ZWNJ).replace(/ی/g, 'ي').replace(/ک/g, 'ك'),
  arabicJoined: PARTS.join('').replace(/ی/g, 'ي').replace(/ک/g, 'ك'),
};
const NAMES = Object.keys(SPELLINGS);
/** Every (indexed spelling, query spelling) pair, the query alone and with the next word. */
const PAIRS = NAMES.flatMap((queried) => [SPELLINGS[queried], `${SPELLINGS[queried]} دیجیتال`].map((q) => [queried, q]));

const SEARCH_USERS = `query($q:String!){ searchUsers(query:$q, first:50){ id } }`;
const SEARCH_MESSAGES = `query($q:String!){ searchMessages(query:$q, first:50){ edges { node { id } } } }`;
const SEARCH_CHANNELS = `query($q:String!){ channels(query:$q, first:50){ edges { node { id } } } }`;
const SEARCH_POSTS = `query($q:String!){ searchPosts(query:$q, first:50){ edges { node { id } } } }`;

/** Each search finds a compound written in any spelling from a query in any spelling, also after old rows are keyed again. */
describe('Persian search finds every spelling', () => {
  let platform: TestPlatform;
  let viewer: SignedUp;
  /** Per search, the id of the row written in each spelling. */
  const users: Record<string, string> = {};
  const messages: Record<string, string> = {};
  const channels: Record<string, string> = {};
  const posts: Record<string, string> = {};

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['accounts', 'messaging', 'news'], env: MESSAGING_ENV });
    viewer = await platform.signUp('بیننده');
    const conversation = await group(platform, viewer, [await platform.signUp('عضو')]);
    const channel = await createChannel(platform, viewer.token);
    for (const name of NAMES) {
      const text = `${SPELLINGS[name]} دیجیتال در سال ۱۴۰۳`;
      users[name] = (await platform.signUp(`${SPELLINGS[name]} دیجیتال`)).userId;
      messages[name] = (await send(platform, viewer, conversation, text)).id;
      channels[name] = (await createChannel(platform, viewer.token, { title: `${SPELLINGS[name]} دیجیتال` })).id;
      posts[name] = (await publish(platform, viewer.token, channel.id, { text })).id;
    }
  });
  afterAll(async () => {
    await platform?.close();
  });

  const searches: Array<[string, () => Record<string, string>, (q: string) => Promise<string[]>]> = [
    ['searchUsers', () => users, async (q) => ok(await platform.gql(SEARCH_USERS, { q }, viewer.token)).searchUsers.map((u: any) => u.id)],
    ['searchMessages', () => messages, (q) => edges(SEARCH_MESSAGES, 'searchMessages', q)],
    ['channels', () => channels, (q) => edges(SEARCH_CHANNELS, 'channels', q)],
    ['searchPosts', () => posts, (q) => edges(SEARCH_POSTS, 'searchPosts', q)],
  ];
  async function edges(query: string, field: string, q: string): Promise<string[]> {
    return ok(await platform.gql(query, { q }, viewer.token))[field].edges.map((e: any) => e.node.id);
  }

  describe.each(searches)('%s', (_name, rows, search) => {
    it.each(PAIRS)('a query spelled %s (%s) finds the compound in every spelling', async (_queried, q) => {
      const found = await search(q);
      for (const indexed of NAMES) expect({ indexed, found: found.includes(rows()[indexed]) }).toEqual({ indexed, found: true });
    });

    it('finds nothing for a compound that is not there', async () => {
      expect(await search(`کتاب${ZWNJ}فروشی${ZWNJ}های`)).toEqual([]);
    });
  });

  it.each([['۱۴۰۳'], ['١٤٠٣'], ['1403']])('messages and posts with ۱۴۰۳ are found by %s', async (q) => {
    expect(await edges(SEARCH_MESSAGES, 'searchMessages', `سال ${q}`)).toHaveLength(NAMES.length);
    expect(await edges(SEARCH_POSTS, 'searchPosts', `سال ${q}`)).toHaveLength(NAMES.length);
  });

  it('keys rows written before the change again, and they are then found in every spelling', async () => {
    // Rows as the old normalizer keyed them: the search key alone, without the joined runs of words.
    const old = (text: string) => searchKey(text);
    const text = `${SPELLINGS.spaced} دیجیتال در سال ۱۴۰۳`;
    await sql(platform, `UPDATE messaging.messages SET search_doc = $2 WHERE id = $1`, [messages.spaced, old(text)]);
    await sql(platform, `UPDATE news.posts SET search_doc = $2 WHERE id = $1`, [posts.spaced, old(text)]);
    await sql(platform, `UPDATE news.channels SET search_doc = $2, compact_key = '' WHERE id = $1`, [
      channels.spaced,
      old(`x ${SPELLINGS.spaced}`),
    ]);
    await sql(platform, `UPDATE accounts.users SET search_key = $2 WHERE id = $1`, [users.spaced, old(`${SPELLINGS.spaced} دیجیتال`)]);
    for (const [, rows, search] of searches) expect(await search(SPELLINGS.joined)).not.toContain(rows().spaced);

    await migrate('messaging', new RekeyMessageSearch1765800000000());
    await migrate('news', new RekeyNewsSearch1765800000000());
    await migrate('accounts', new RekeyUserSearch1765800000000());
    for (const [, rows, search] of searches) expect(await search(SPELLINGS.joined)).toContain(rows().spaced);
  });

  async function migrate(service: 'accounts' | 'messaging' | 'news', migration: MigrationInterface): Promise<void> {
    const runner = platform.services.get(service)!.get(DataSource).createQueryRunner();
    try {
      await migration.up(runner);
    } finally {
      await runner.release();
    }
  }
});
