import { Client } from 'pg';
import { errorCode, SignedUp, TestPlatform } from '@test/support';

const IMPORT = `mutation($i:ImportContactsInput!){ importContacts(input:$i){ imported skipped contacts { phone name user { id phone } } } }`;
const CONTACTS = `query($first:Int,$after:String){ contacts(first:$first, after:$after){ edges { cursor node { phone name user { id } } } pageInfo { hasNextPage endCursor } } }`;
const DELETE = `mutation($p:[String!]){ deleteContacts(phones:$p) }`;
const PRIVACY = `mutation($v:PhoneDiscovery!){ updatePrivacy(input:{findByPhone:$v}){ id findByPhone } }`;
const NEW_NUMBERS_PER_DAY = 40;

/** The number as a person might have typed it into their phone: Persian digits, spaces, a leading 0. */
const asTyped = (e164: string) =>
  `۰${e164.slice(3, 6)} ${e164.slice(6, 9)} ${e164.slice(9)}`.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);
/** Numbers that no test user has (sign-ups use 091…), distinct per call. */
let filler = 0;
const strangers = (n: number) => Array.from({ length: n }, () => ({ phone: `0935${String(filler++).padStart(7, '0')}`, name: 'غریبه' }));

describe('contacts: finding people by their number', () => {
  let platform: TestPlatform;
  let db: Client;
  let alice: SignedUp;
  let bob: SignedUp;
  let carol: SignedUp;

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['accounts'], env: { CONTACTS_NEW_NUMBERS_PER_DAY: String(NEW_NUMBERS_PER_DAY) } });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    [alice, bob, carol] = await Promise.all([platform.signUp('آلیس'), platform.signUp('باب'), platform.signUp('کارول')]);
  });
  afterAll(async () => {
    await db?.end();
    await platform?.close();
  });
  beforeEach(async () => {
    await db.query(`DELETE FROM accounts.contacts`);
    await db.query(`DELETE FROM accounts.rate_counters WHERE key LIKE 'contacts:%'`);
    await db.query(`UPDATE accounts.users SET find_by_phone = 'EVERYONE'`);
  });

  const importAs = (who: SignedUp, contacts: { phone: string; name: string }[]) => platform.gql(IMPORT, { i: { contacts } }, who.token);

  it('finds users by numbers in any form people type, and stores only number and name', async () => {
    const res = await importAs(alice, [
      { phone: asTyped(bob.phone), name: '  باب   جان ' },
      { phone: carol.phone.replace('+98', '0098'), name: 'كارول' },
      { phone: '021 8888 7777', name: 'دفتر' },
      ...strangers(2),
    ]);
    expect(res.errors).toBeUndefined();
    expect(res.data.importContacts.imported).toBe(4);
    expect(res.data.importContacts.skipped).toBe(1);
    const found = res.data.importContacts.contacts;
    expect(found.map((c: { user: { id: string } }) => c.user.id).sort()).toEqual([bob.userId, carol.userId].sort());
    expect(found.find((c: { user: { id: string } }) => c.user.id === bob.userId)).toEqual({
      phone: bob.phone,
      name: 'باب جان',
      user: { id: bob.userId, phone: null },
    });
    const stored = await db.query(`SELECT * FROM accounts.contacts WHERE owner_id = $1 ORDER BY phone`, [alice.userId]);
    expect(stored.rows).toHaveLength(4);
    expect(Object.keys(stored.rows[0]).sort()).toEqual(['created_at', 'name', 'owner_id', 'phone']);
    expect(stored.rows.map((r) => r.phone)).toContain(bob.phone);
  });

  it('lists contacts that are users by name, page by page, and deletes what was uploaded', async () => {
    await importAs(alice, [{ phone: bob.phone, name: 'ب' }, { phone: carol.phone, name: 'الف' }, ...strangers(3)]);
    const first = await platform.gql(CONTACTS, { first: 1 }, alice.token);
    expect(first.data.contacts.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['الف']);
    expect(first.data.contacts.pageInfo.hasNextPage).toBe(true);
    const second = await platform.gql(CONTACTS, { first: 1, after: first.data.contacts.pageInfo.endCursor }, alice.token);
    expect(second.data.contacts.edges.map((e: { node: { user: { id: string } } }) => e.node.user.id)).toEqual([bob.userId]);
    expect(second.data.contacts.pageInfo.hasNextPage).toBe(false);
    expect(errorCode(await platform.gql(CONTACTS, { after: 'bm90IG91cnM' }, alice.token))).toBe('BAD_USER_INPUT');

    expect((await platform.gql(DELETE, { p: [asTyped(bob.phone)] }, alice.token)).data.deleteContacts).toBe(1);
    const left = await platform.gql(CONTACTS, {}, alice.token);
    expect(left.data.contacts.edges.map((e: { node: { user: { id: string } } }) => e.node.user.id)).toEqual([carol.userId]);
    expect((await platform.gql(DELETE, { p: null }, alice.token)).data.deleteContacts).toBe(4);
    expect((await db.query(`SELECT 1 FROM accounts.contacts WHERE owner_id = $1`, [alice.userId])).rowCount).toBe(0);
  });

  it('respects "who can find me by my number": everyone, my contacts, nobody', async () => {
    const bobFound = async () => {
      await db.query(`DELETE FROM accounts.contacts WHERE owner_id = $1`, [alice.userId]);
      const res = await importAs(alice, [{ phone: bob.phone, name: 'باب' }]);
      expect(res.errors).toBeUndefined();
      return res.data.importContacts.contacts.length === 1;
    };
    expect((await platform.gql(`{ me { findByPhone } }`, {}, bob.token)).data.me.findByPhone).toBe('EVERYONE');
    expect(await bobFound()).toBe(true);

    expect((await platform.gql(PRIVACY, { v: 'NOBODY' }, bob.token)).data.updatePrivacy.findByPhone).toBe('NOBODY');
    expect(await bobFound()).toBe(false);
    // Listing applies the setting as of now, too: nobody sees bob among their contacts.
    expect((await platform.gql(CONTACTS, {}, alice.token)).data.contacts.edges).toEqual([]);

    await platform.gql(PRIVACY, { v: 'CONTACTS' }, bob.token);
    expect(await bobFound()).toBe(false);
    await importAs(bob, [{ phone: asTyped(alice.phone), name: 'آلیس' }]);
    expect(await bobFound()).toBe(true);
    // Carol is not in bob's contacts.
    const carolSees = await importAs(carol, [{ phone: bob.phone, name: 'باب' }]);
    expect(carolSees.data.importContacts.contacts).toEqual([]);
    // Others never see the setting.
    expect(
      (await platform.gql(`query($id:ID){ user(id:$id){ findByPhone } }`, { id: bob.userId }, alice.token)).data.user.findByPhone,
    ).toBeNull();
  });

  it('hides a user who blocked the viewer', async () => {
    await platform.gql(`mutation($id:ID!){ blockUser(userId:$id){ id } }`, { id: alice.userId }, carol.token);
    const res = await importAs(alice, [{ phone: carol.phone, name: 'کارول' }]);
    expect(res.data.importContacts.contacts).toEqual([]);
    await platform.gql(`mutation($id:ID!){ unblockUser(userId:$id){ id } }`, { id: alice.userId }, carol.token);
  });

  it('limits numbers looked up for the first time per day, so the numbering plan cannot be walked', async () => {
    const book = strangers(NEW_NUMBERS_PER_DAY - 5);
    expect((await importAs(alice, book)).errors).toBeUndefined();
    // The same book again (a phone syncing its address book) is free.
    expect((await importAs(alice, book)).errors).toBeUndefined();
    expect((await importAs(alice, [...book, ...strangers(5)])).errors).toBeUndefined();

    // One new number past the day's limit: refused whole, with when to retry, and nothing of it stored or answered.
    const refused = await importAs(alice, [...strangers(1), { phone: bob.phone, name: 'باب' }]);
    expect(errorCode(refused)).toBe('RATE_LIMITED');
    expect(refused.errors![0].extensions!.retryAfter).toBeGreaterThan(0);
    expect(refused.data).toBeNull();
    const stored = await db.query(`SELECT count(*)::int AS n FROM accounts.contacts WHERE owner_id = $1`, [alice.userId]);
    expect(stored.rows[0].n).toBe(NEW_NUMBERS_PER_DAY);

    // Deleting and uploading again does not reset the count.
    await platform.gql(DELETE, { p: null }, alice.token);
    expect(errorCode(await importAs(alice, strangers(1)))).toBe('RATE_LIMITED');
    // Another user has their own allowance.
    expect((await importAs(bob, strangers(NEW_NUMBERS_PER_DAY))).errors).toBeUndefined();
  });

  it('counts parallel imports together: they cannot pass the limit between them', async () => {
    const results = await Promise.all(Array.from({ length: 4 }, () => importAs(carol, strangers(15))));
    const passed = results.filter((r) => !r.errors).length;
    expect(passed).toBe(2);
    const stored = await db.query(`SELECT count(*)::int AS n FROM accounts.contacts WHERE owner_id = $1`, [carol.userId]);
    expect(stored.rows[0].n).toBe(30);
  });

  it('refuses more than 1000 entries in one call', async () => {
    const res = await importAs(alice, strangers(1001));
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
  });
});
