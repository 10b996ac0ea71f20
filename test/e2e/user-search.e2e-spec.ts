import { errorCode, SignedUp, TestPlatform } from '@test/support';

const SEARCH = `query($q:String!,$first:Int){ searchUsers(query:$q, first:$first){ id displayName username } }`;

/** searchUsers: Persian-normalized matching of display names and usernames. */
describe('searchUsers', () => {
  let platform: TestPlatform;
  let viewer: SignedUp;
  let ali: SignedUp;
  let karim: SignedUp;
  let abdollahJoined: SignedUp;
  let abdollahSpaced: SignedUp;
  let ketabkhane: SignedUp;

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['accounts'] });
    viewer = await platform.signUp('بیننده');
    // Stored as typed by people: Arabic yeh/kaf in some names.
    ali = await platform.signUp('علی رضایی');
    karim = await platform.signUp('کریم');
    abdollahJoined = await platform.signUp('عبدالله نوری');
    abdollahSpaced = await platform.signUp('عبد الله صادقی');
    ketabkhane = await platform.signUp('كتاب‌خانه ملي');
    const named = await platform.gql(`mutation{ updateProfile(input:{username:"Ali_Rezaei"}){ username } }`, {}, ali.token);
    expect(named.errors).toBeUndefined();
  });
  afterAll(async () => {
    await platform?.close();
  });

  async function search(q: string, first?: number): Promise<string[]> {
    const res = await platform.gql(SEARCH, { q, first }, viewer.token);
    expect(res.errors).toBeUndefined();
    return res.data.searchUsers.map((u: { id: string }) => u.id);
  }

  it.each([
    ['علي (Arabic yeh) finds علی رضایی', 'علي', () => ali],
    ['رضایی (part of the name) finds it', 'رضایی', () => ali],
    ['رضايي (part, Arabic yeh) finds it', 'رضايي', () => ali],
    ['كريم (Arabic kaf and yeh) finds کریم', 'كريم', () => karim],
    ['the username finds its owner', 'Ali_Rezaei', () => ali],
    ['the username with @ finds its owner', '@ali_rezaei', () => ali],
    ['part of the username finds its owner', 'ali_rez', () => ali],
    ['"عبد الله" finds "عبدالله"', 'عبد الله', () => abdollahJoined],
    ['"عبدالله" finds "عبد الله"', 'عبدالله', () => abdollahSpaced],
    ['"کتابخانه" finds "كتاب‌خانه"', 'کتابخانه', () => ketabkhane],
    ['"کتاب خانه ملی" finds "كتاب‌خانه ملي"', 'کتاب خانه ملی', () => ketabkhane],
  ])('%s', async (_name, q, expected) => {
    expect(await search(q)).toContain(expected().userId);
  });

  it('finds both spellings of عبدالله from either', async () => {
    for (const q of ['عبدالله', 'عبد الله', 'عبد‌الله']) {
      const found = await search(q);
      expect(found).toEqual(expect.arrayContaining([abdollahJoined.userId, abdollahSpaced.userId]));
    }
  });

  it('puts the exact username first', async () => {
    const other = await platform.signUp('Ali_Rezaei_fan');
    await platform.gql(`mutation{ updateProfile(input:{username:"ali_rezaei_fan"}){ id } }`, {}, other.token);
    const found = await search('ali_rezaei');
    expect(found[0]).toBe(ali.userId);
    expect(found).toContain(other.userId);
  });

  it('matches only what contains the query', async () => {
    const found = await search('کریم');
    expect(found).toEqual([karim.userId]);
    expect(await search('ناموجود')).toEqual([]);
  });

  it('treats LIKE wildcards in the query as text', async () => {
    expect(await search('%')).toEqual([]);
    expect(await search('a_b')).toEqual([]);
  });

  it.each(['', '   ', '@', '\u200c'])('answers [] for the empty query %j', async (q) => {
    expect(await search(q)).toEqual([]);
  });

  it('returns at most `first` users', async () => {
    expect(await search('ی', 2)).toHaveLength(2);
    expect((await search('ی', 100)).length).toBeGreaterThan(2);
  });

  it.each([0, -1, 101])('refuses first=%d with BAD_USER_INPUT', async (first) => {
    const res = await platform.gql(SEARCH, { q: 'علی', first }, viewer.token);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.field).toBe('first');
  });

  it('needs a signed-in viewer', async () => {
    expect(errorCode(await platform.gql(SEARCH, { q: 'علی' }))).toBe('UNAUTHENTICATED');
  });
});
