import { Client } from 'pg';
import { errorCode, SignedUp, TestPlatform } from '@test/support';

const USER_FIELDS = `id displayName username bio phone lastSeenAt blockedByMe createdAt`;
const UPDATE = `mutation($i:UpdateProfileInput!){ updateProfile(input:$i){ ${USER_FIELDS} } }`;
const PRIVACY = `mutation($i:PrivacyInput!){ updatePrivacy(input:$i){ ${USER_FIELDS} } }`;
const USER_BY_ID = `query($id:ID){ user(id:$id){ ${USER_FIELDS} } }`;
const USER_BY_NAME = `query($u:String){ user(username:$u){ id username } }`;
const BLOCK = `mutation($id:ID!){ blockUser(userId:$id){ id blockedByMe } }`;
const UNBLOCK = `mutation($id:ID!){ unblockUser(userId:$id){ id blockedByMe } }`;

/** A username unique to this run, so tests never collide with each other. */
let counter = 0;
const uniqueName = (prefix: string) => `${prefix}${Date.now().toString(36).slice(-5)}${counter++}`;

describe('profiles, privacy and blocks', () => {
  let platform: TestPlatform;
  let db: Client;
  let alice: SignedUp;
  let bob: SignedUp;

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['accounts'] });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    [alice, bob] = await Promise.all([platform.signUp('آلیس'), platform.signUp('باب')]);
  });
  afterAll(async () => {
    await db?.end();
    await platform?.close();
  });

  const update = (token: string, input: Record<string, unknown>) => platform.gql(UPDATE, { i: input }, token);

  describe('updateProfile', () => {
    it('normalizes a Persian display name: Arabic ي/ك become ی/ک and spaces collapse', async () => {
      const res = await update(alice.token, { displayName: '  علي \u00a0  كريمي\u200f ' });
      expect(res.errors).toBeUndefined();
      expect(res.data.updateProfile.displayName).toBe('علی کریمی');
      expect((await platform.gql(USER_BY_ID, { id: alice.userId }, bob.token)).data.user.displayName).toBe('علی کریمی');
    });

    it('keeps Latin display names and their digits as written', async () => {
      const res = await update(alice.token, { displayName: 'Ali  Karimi 007' });
      expect(res.data.updateProfile.displayName).toBe('Ali Karimi 007');
    });

    it.each(['', '   ', '\u200c\u200b'])('refuses the empty display name %j with BAD_USER_INPUT on displayName', async (displayName) => {
      const before = (await platform.gql(`{ me { displayName } }`, {}, alice.token)).data.me.displayName;
      const res = await update(alice.token, { displayName });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions!.field).toBe('displayName');
      expect((await platform.gql(`{ me { displayName } }`, {}, alice.token)).data.me.displayName).toBe(before);
    });

    it('refuses a display name over 64 characters', async () => {
      const res = await update(alice.token, { displayName: 'ب'.repeat(65) });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions!.field).toBe('displayName');
    });

    it.each(['abc', 'a'.repeat(32), 'ali_2024', 'Z9_'])('accepts the username %j', async (username) => {
      const res = await update(alice.token, { username });
      expect(res.errors).toBeUndefined();
      expect(res.data.updateProfile.username).toBe(username);
    });

    it.each(['ab', 'a'.repeat(33), '1abc', '_abc', 'ali-r', 'ali r', 'علی', 'ali.r', 'ali۱۲'])(
      'refuses the username %j with BAD_USER_INPUT on username',
      async (username) => {
        const res = await update(bob.token, { username });
        expect(errorCode(res)).toBe('BAD_USER_INPUT');
        expect(res.errors![0].extensions!.field).toBe('username');
      },
    );

    it('keeps usernames unique case-insensitively ("taken"), and frees one its owner gives up', async () => {
      const name = uniqueName('Ali_R');
      expect((await update(alice.token, { username: name })).data.updateProfile.username).toBe(name);
      const taken = await update(bob.token, { username: name.toLowerCase() });
      expect(errorCode(taken)).toBe('BAD_USER_INPUT');
      expect(taken.errors![0].extensions!.field).toBe('username');
      expect(taken.errors![0].message).toMatch(/taken/);
      expect((await platform.gql(`{ me { username } }`, {}, bob.token)).data.me.username).not.toBe(name.toLowerCase());

      // The owner may change its case.
      expect((await update(alice.token, { username: name.toUpperCase() })).data.updateProfile.username).toBe(name.toUpperCase());
      expect((await update(alice.token, { username: null })).data.updateProfile.username).toBeNull();
      expect((await update(bob.token, { username: name.toLowerCase() })).data.updateProfile.username).toBe(name.toLowerCase());
    });

    it('lets only one of two users racing for a username have it', async () => {
      const name = uniqueName('race');
      const [a, b] = await Promise.all([update(alice.token, { username: name }), update(bob.token, { username: name.toUpperCase() })]);
      expect([a, b].filter((r) => !r.errors)).toHaveLength(1);
      expect([a, b].filter((r) => errorCode(r) === 'BAD_USER_INPUT')).toHaveLength(1);
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM accounts.users WHERE lower(username) = $1`, [name]);
      expect(rows[0].n).toBe(1);
    });

    it.each([null, ''])('removes the username with %j', async (value) => {
      await update(bob.token, { username: uniqueName('bob') });
      const res = await update(bob.token, { username: value });
      expect(res.errors).toBeUndefined();
      expect(res.data.updateProfile.username).toBeNull();
    });

    it('leaves fields that are not given as they were', async () => {
      const name = uniqueName('keep');
      await update(alice.token, { displayName: 'آلیس', username: name, bio: 'سلام' });
      const res = await update(alice.token, { bio: 'دوباره سلام' });
      expect(res.data.updateProfile).toMatchObject({ displayName: 'آلیس', username: name, bio: 'دوباره سلام' });
    });

    it('sets a normalized bio, refuses one over 160 characters, and removes it with null or ""', async () => {
      const set = await update(alice.token, { bio: '  برنامه‌نويس  و  كتاب‌خوان ' });
      expect(set.data.updateProfile.bio).toBe('برنامه‌نویس و کتاب‌خوان');
      const long = await update(alice.token, { bio: 'x'.repeat(161) });
      expect(errorCode(long)).toBe('BAD_USER_INPUT');
      expect(long.errors![0].extensions!.field).toBe('bio');
      expect((await update(alice.token, { bio: '' })).data.updateProfile.bio).toBeNull();
      await update(alice.token, { bio: 'again' });
      expect((await update(alice.token, { bio: null })).data.updateProfile.bio).toBeNull();
    });

    it('loses no field when one user changes different fields at the same time', async () => {
      const user = await platform.signUp();
      for (let round = 0; round < 8; round++) {
        const name = uniqueName('par');
        const results = await Promise.all([
          update(user.token, { displayName: `نام ${round}` }),
          update(user.token, { username: name }),
          update(user.token, { bio: `bio ${round}` }),
        ]);
        expect(results.map((r) => r.errors)).toEqual([undefined, undefined, undefined]);
        const me = (await platform.gql(`{ me { displayName username bio } }`, {}, user.token)).data.me;
        expect(me).toEqual({ displayName: `نام ${round}`, username: name, bio: `bio ${round}` });
      }
    });
  });

  describe('user', () => {
    it('finds a user by id and by username in any case, with @ or without', async () => {
      const name = uniqueName('Find_Me');
      await update(bob.token, { username: name });
      const byId = await platform.gql(USER_BY_ID, { id: bob.userId }, alice.token);
      expect(byId.data.user).toMatchObject({ id: bob.userId, username: name, displayName: 'باب' });
      for (const u of [name, name.toLowerCase(), name.toUpperCase(), `@${name}`]) {
        expect((await platform.gql(USER_BY_NAME, { u }, alice.token)).data.user).toEqual({ id: bob.userId, username: name });
      }
    });

    it.each([
      ['an unknown id', { id: '00000000-0000-4000-8000-000000000000' }],
      ['an id that is no uuid', { id: 'nope' }],
      ['an unknown username', { username: 'nobody_here_at_all' }],
    ])('answers null for %s', async (_name, args) => {
      const res = await platform.gql(`query($id:ID,$username:String){ user(id:$id, username:$username){ id } }`, args, alice.token);
      expect(res.errors).toBeUndefined();
      expect(res.data.user).toBeNull();
    });

    it('refuses a call with neither id nor username', async () => {
      expect(errorCode(await platform.gql(`{ user { id } }`, {}, alice.token))).toBe('BAD_USER_INPUT');
    });

    it('needs a signed-in viewer', async () => {
      expect(errorCode(await platform.gql(USER_BY_ID, { id: alice.userId }))).toBe('UNAUTHENTICATED');
    });

    it('shows the phone to its owner only', async () => {
      expect((await platform.gql(USER_BY_ID, { id: alice.userId }, alice.token)).data.user.phone).toBe(alice.phone);
      expect((await platform.gql(`{ me { phone } }`, {}, alice.token)).data.me.phone).toBe(alice.phone);
      expect((await platform.gql(USER_BY_ID, { id: alice.userId }, bob.token)).data.user.phone).toBeNull();
      const found = await platform.gql(`query($q:String!){ searchUsers(query:$q){ id phone } }`, { q: 'آلیس' }, bob.token);
      expect(found.data.searchUsers.find((u: { id: string }) => u.id === alice.userId)?.phone).toBeNull();
    });
  });

  describe('lastSeenAt and updatePrivacy', () => {
    it('is set for an active user', async () => {
      const user = await platform.signUp();
      const seen = (await platform.gql(USER_BY_ID, { id: user.userId }, alice.token)).data.user.lastSeenAt;
      expect(seen).not.toBeNull();
      expect(Math.abs(Date.parse(seen) - Date.now())).toBeLessThan(5 * 60_000);
    });

    it('hides it from others (not from the owner) with showLastSeen:false, and shows it again with true', async () => {
      const user = await platform.signUp();
      const hidden = await platform.gql(PRIVACY, { i: { showLastSeen: false } }, user.token);
      expect(hidden.errors).toBeUndefined();
      expect(hidden.data.updatePrivacy.lastSeenAt).not.toBeNull();
      expect((await platform.gql(`{ me { lastSeenAt } }`, {}, user.token)).data.me.lastSeenAt).not.toBeNull();
      expect((await platform.gql(USER_BY_ID, { id: user.userId }, alice.token)).data.user.lastSeenAt).toBeNull();

      await platform.gql(PRIVACY, { i: { showLastSeen: true } }, user.token);
      expect((await platform.gql(USER_BY_ID, { id: user.userId }, alice.token)).data.user.lastSeenAt).not.toBeNull();
    });

    it('changes nothing when showLastSeen is not given', async () => {
      const user = await platform.signUp();
      await platform.gql(PRIVACY, { i: { showLastSeen: false } }, user.token);
      expect((await platform.gql(PRIVACY, { i: {} }, user.token)).errors).toBeUndefined();
      expect((await platform.gql(USER_BY_ID, { id: user.userId }, alice.token)).data.user.lastSeenAt).toBeNull();
    });
  });

  describe('blocks', () => {
    it('marks blockedByMe for the blocker only, is idempotent, and unblocking clears it', async () => {
      const [blocker, blocked] = await Promise.all([platform.signUp(), platform.signUp()]);
      const first = await platform.gql(BLOCK, { id: blocked.userId }, blocker.token);
      expect(first.errors).toBeUndefined();
      expect(first.data.blockUser).toEqual({ id: blocked.userId, blockedByMe: true });
      const twice = await platform.gql(BLOCK, { id: blocked.userId }, blocker.token);
      expect(twice.data.blockUser).toEqual({ id: blocked.userId, blockedByMe: true });
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM accounts.blocks WHERE blocker_id = $1`, [blocker.userId]);
      expect(rows[0].n).toBe(1);

      expect((await platform.gql(USER_BY_ID, { id: blocked.userId }, blocker.token)).data.user.blockedByMe).toBe(true);
      expect((await platform.gql(USER_BY_ID, { id: blocker.userId }, blocked.token)).data.user.blockedByMe).toBe(false);
      expect((await platform.gql(USER_BY_ID, { id: blocked.userId }, alice.token)).data.user.blockedByMe).toBe(false);

      const unblocked = await platform.gql(UNBLOCK, { id: blocked.userId }, blocker.token);
      expect(unblocked.data.unblockUser).toEqual({ id: blocked.userId, blockedByMe: false });
      expect((await platform.gql(USER_BY_ID, { id: blocked.userId }, blocker.token)).data.user.blockedByMe).toBe(false);
      expect((await platform.gql(UNBLOCK, { id: blocked.userId }, blocker.token)).data.unblockUser.blockedByMe).toBe(false);
    });

    it("hides the blocker's last seen from the blocked user", async () => {
      const [blocker, blocked] = await Promise.all([platform.signUp(), platform.signUp()]);
      await platform.gql(BLOCK, { id: blocked.userId }, blocker.token);
      expect((await platform.gql(USER_BY_ID, { id: blocker.userId }, blocked.token)).data.user.lastSeenAt).toBeNull();
      expect((await platform.gql(USER_BY_ID, { id: blocker.userId }, alice.token)).data.user.lastSeenAt).not.toBeNull();
    });

    it.each([BLOCK, UNBLOCK])('refuses yourself with BAD_USER_INPUT (%s)', async (mutation) => {
      const res = await platform.gql(mutation, { id: alice.userId }, alice.token);
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
    });

    it.each(['00000000-0000-4000-8000-000000000000', 'not-a-user'])('answers NOT_FOUND for the unknown id %j', async (id) => {
      expect(errorCode(await platform.gql(BLOCK, { id }, alice.token))).toBe('NOT_FOUND');
      expect(errorCode(await platform.gql(UNBLOCK, { id }, alice.token))).toBe('NOT_FOUND');
    });
  });
});
