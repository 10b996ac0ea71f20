import { SignedUp, TestPlatform, wsClient } from '@test/support';

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('waitUntil: timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const PRESENCE = `query($id:ID){ user(id:$id){ online lastSeenAt } }`;

describe('presence follows the socket', () => {
  let platform: TestPlatform;
  let alice: SignedUp;
  let bob: SignedUp;

  beforeAll(async () => {
    platform = await TestPlatform.start({ services: ['accounts'], env: { PRESENCE_RENEW_SECONDS: '1' } });
    [alice, bob] = await Promise.all([platform.signUp('آلیس'), platform.signUp('باب')]);
  });
  afterAll(() => platform?.close());

  const seenBy = async (viewer: SignedUp, user: SignedUp) => (await platform.gql(PRESENCE, { id: user.userId }, viewer.token)).data.user;

  it('is online while a socket is open, through several sockets, and offline with a fresh last seen after the last closes', async () => {
    expect((await seenBy(bob, alice)).online).toBe(false);
    const first = wsClient(platform.url, alice.token);
    const second = wsClient(platform.url, alice.token);
    await waitUntil(async () => (await seenBy(bob, alice)).online === true);

    await first.client.dispose();
    await first.closed;
    // Past the rows' lifetime (3 renewals), renewals keep the second socket's user online.
    await new Promise((r) => setTimeout(r, 4000));
    expect((await seenBy(bob, alice)).online).toBe(true);

    const before = Date.now();
    await second.client.dispose();
    await second.closed;
    await waitUntil(async () => (await seenBy(bob, alice)).online === false);
    const after = await seenBy(bob, alice);
    expect(new Date(after.lastSeenAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it('is hidden with last seen: online is false to others while the user hides it', async () => {
    await platform.gql(`mutation{ updatePrivacy(input:{showLastSeen:false}){ id } }`, {}, alice.token);
    const socket = wsClient(platform.url, alice.token);
    await waitUntil(async () => (await seenBy(alice, alice)).online === true);
    expect(await seenBy(bob, alice)).toEqual({ online: false, lastSeenAt: null });
    await socket.client.dispose();
    await platform.gql(`mutation{ updatePrivacy(input:{showLastSeen:true}){ id } }`, {}, alice.token);
  });
});
