import * as webpush from 'web-push';
import { errorCode, SignedUp, TestPlatform } from '@test/support';
import { PushWorker } from '../../apps/messaging/src/notifications/push.worker';
import { FakeBrowser, FakePushService } from '../support/fake-push-service';
import { direct, group, MESSAGING_ENV, ok, send, sql } from './messaging-helpers';

const REGISTER = `mutation($i:PushSubscriptionInput!){ registerPushSubscription(input:$i){ id endpoint createdAt } }`;
const UNREGISTER = `mutation($e:String!){ unregisterPushSubscription(endpoint:$e) }`;
const SETTINGS = `query{ notificationSettings{ notifyOf showPreviews } }`;
const UPDATE_SETTINGS = `mutation($i:NotificationSettingsInput!){ updateNotificationSettings(input:$i){ notifyOf showPreviews } }`;
const MUTE = `mutation($c:ID!,$m:Boolean!){ setMuted(conversationId:$c, muted:$m){ muted } }`;

/**
 * Web Push through the real web-push library to a local push service that
 * speaks the protocol (test/support/fake-push-service.ts: it checks the VAPID
 * signature and decrypts each payload with the browser's keys). The worker's
 * loop is off; each test runs its passes, so what was pushed is exact.
 */
describe('Web Push notifications', () => {
  let platform: TestPlatform;
  let push: FakePushService;
  let alice: SignedUp;
  let bob: SignedUp;
  let carol: SignedUp;
  let dm: string;
  let team: string;
  let bobLaptop: FakeBrowser;

  beforeAll(async () => {
    push = await new FakePushService().start();
    const vapid = webpush.generateVAPIDKeys();
    platform = await TestPlatform.start({
      services: ['accounts', 'messaging'],
      env: {
        ...MESSAGING_ENV,
        PUSH_WORKER: 'false',
        PUSH_EXTRA_CA_FILE: push.caFile,
        VAPID_PUBLIC_KEY: vapid.publicKey,
        VAPID_PRIVATE_KEY: vapid.privateKey,
      },
    });
    [alice, bob, carol] = await Promise.all([platform.signUp('آلیس'), platform.signUp('باب'), platform.signUp('کارول')]);
    dm = await direct(platform, alice, bob);
    team = await group(platform, alice, [bob, carol], 'تیم');
    bobLaptop = push.browser('bob-laptop');
    ok(await platform.gql(REGISTER, { i: bobLaptop.keys }, bob.token));
  });
  afterAll(async () => {
    await platform?.close();
    await push?.close();
  });
  beforeEach(async () => {
    await pass();
    push.received.length = 0;
  });
  afterEach(() => expect(push.errors).toEqual([]));

  /** Runs the worker until it finds nothing new. */
  async function pass(): Promise<void> {
    const worker = platform.services.get('messaging')!.get(PushWorker);
    while ((await worker.passOnce()) > 0);
  }
  const setSettings = async (user: SignedUp, i: Record<string, unknown>) =>
    ok(await platform.gql(UPDATE_SETTINGS, { i }, user.token)).updateNotificationSettings;

  it('sends one push per conversation, with the sender and a preview, collapsed by Topic', async () => {
    await send(platform, alice, dm, 'سلام باب');
    await send(platform, alice, dm, 'فردا جلسه داریم؟');
    await send(platform, alice, team, 'گزارش هفته آماده است');
    await pass();
    const pushes = push.to('bob-laptop');
    expect(pushes.map((p) => p.payload)).toEqual([
      expect.objectContaining({ conversationId: dm, title: 'آلیس', body: 'فردا جلسه داریم؟', count: 2 }),
      expect.objectContaining({ conversationId: team, title: 'تیم', body: 'آلیس: گزارش هفته آماده است', count: 1 }),
    ]);
    expect(pushes.map((p) => p.topic)).toEqual([dm.replace(/-/g, ''), team.replace(/-/g, '')]);
    expect(pushes[0].vapid.aud).toBe(push.url);
    expect(Number(pushes[0].ttl)).toBeGreaterThan(0);
  });

  it('sends nothing for a muted conversation, and again once unmuted', async () => {
    ok(await platform.gql(MUTE, { c: team, m: true }, bob.token));
    await send(platform, alice, team, 'کسی هست؟');
    await pass();
    expect(push.to('bob-laptop')).toEqual([]);

    await send(platform, alice, dm, 'در گروه جواب بده');
    await pass();
    expect(push.to('bob-laptop').map((p: any) => p.payload.conversationId)).toEqual([dm]);

    ok(await platform.gql(MUTE, { c: team, m: false }, bob.token));
    await send(platform, alice, team, 'حالا؟');
    await pass();
    expect(push.to('bob-laptop').map((p: any) => p.payload.conversationId)).toEqual([dm, team]);
  });

  it("never pushes the user's own messages", async () => {
    await send(platform, bob, dm, 'پیام خودم');
    await pass();
    expect(push.received).toEqual([]);
  });

  it('hides the sender and the text when previews are hidden', async () => {
    expect(await setSettings(bob, { showPreviews: false })).toEqual({ notifyOf: 'ALL', showPreviews: false });
    await send(platform, alice, dm, 'رمز کارت را نفرست');
    await pass();
    const [only] = push.to('bob-laptop');
    expect(only.payload).toEqual(expect.objectContaining({ conversationId: dm, title: 'پیام جدید', body: '' }));
    expect(JSON.stringify(only.payload)).not.toContain('آلیس');
    await setSettings(bob, { showPreviews: true });
  });

  it('follows "notify me of": direct conversations only, then nothing', async () => {
    expect(ok(await platform.gql(SETTINGS, {}, bob.token)).notificationSettings).toEqual({ notifyOf: 'ALL', showPreviews: true });
    expect(await setSettings(bob, { notifyOf: 'DIRECT' })).toEqual({ notifyOf: 'DIRECT', showPreviews: true });
    await send(platform, alice, team, 'در گروه');
    await send(platform, alice, dm, 'مستقیم');
    await pass();
    expect(push.to('bob-laptop').map((p: any) => p.payload.conversationId)).toEqual([dm]);

    await setSettings(bob, { notifyOf: 'NONE' });
    await send(platform, alice, dm, 'باز هم مستقیم');
    await pass();
    expect(push.to('bob-laptop')).toHaveLength(1);
    await setSettings(bob, { notifyOf: 'ALL' });
  });

  it('removes a subscription its push service answers 410 or 404 for, and keeps pushing to the others', async () => {
    const carolOld = push.browser('carol-old');
    const carolLost = push.browser('carol-lost');
    const carolFlaky = push.browser('carol-flaky');
    const carolNew = push.browser('carol-new');
    for (const b of [carolOld, carolLost, carolFlaky, carolNew]) ok(await platform.gql(REGISTER, { i: b.keys }, carol.token));
    push.answer.set('/push/carol-old', 410);
    push.answer.set('/push/carol-lost', 404);
    // A push service's other failures are not the end of the subscription.
    push.answer.set('/push/carol-flaky', 500);
    await send(platform, alice, team, 'برای کارول');
    await pass();
    expect(push.to('carol-new')).toHaveLength(1);
    const endpoints = await sql(platform, `SELECT endpoint FROM push_subscriptions WHERE user_id = $1`, [carol.userId]);
    expect(endpoints.map((r) => r.endpoint).sort()).toEqual([carolFlaky.endpoint, carolNew.endpoint].sort());

    await send(platform, alice, team, 'دوباره');
    await pass();
    expect(push.to('carol-new')).toHaveLength(2);
  });

  it("pushes only what arrives after a user's first browser registers, and nothing once it is unregistered", async () => {
    const dave = await platform.signUp('داوود');
    const daveDm = await direct(platform, alice, dave);
    await send(platform, alice, daveDm, 'قبل از ثبت');
    const phone = push.browser('dave-phone');
    const registered = ok(await platform.gql(REGISTER, { i: phone.keys }, dave.token)).registerPushSubscription;
    expect(registered.endpoint).toBe(phone.endpoint);
    // Registering the same browser again is the same subscription.
    expect(ok(await platform.gql(REGISTER, { i: phone.keys }, dave.token)).registerPushSubscription.id).toBe(registered.id);
    await pass();
    expect(push.to('dave-phone')).toEqual([]);

    await send(platform, alice, daveDm, 'بعد از ثبت');
    await pass();
    expect(push.to('dave-phone').map((p: any) => p.payload.body)).toEqual(['بعد از ثبت']);

    expect(ok(await platform.gql(UNREGISTER, { e: phone.endpoint }, alice.token)).unregisterPushSubscription).toBe(false);
    expect(ok(await platform.gql(UNREGISTER, { e: phone.endpoint }, dave.token)).unregisterPushSubscription).toBe(true);
    await send(platform, alice, daveDm, 'بعد از حذف');
    await pass();
    expect(push.to('dave-phone')).toHaveLength(1);
  });

  it.each([
    ['endpoint', { endpoint: 'http://push.example/x' }],
    ['endpoint', { endpoint: 'not a url' }],
    ['p256dh', { p256dh: 'AAAA' }],
    ['auth', { auth: 'x' }],
  ])('refuses a subscription with a bad %s', async (field, change) => {
    const res = await platform.gql(REGISTER, { i: { ...push.browser('bad').keys, ...change } }, bob.token);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.field).toBe(field);
  });

  it('gives browsers the VAPID public key to subscribe with', async () => {
    const key = ok(await platform.gql(`query{ webPushPublicKey }`, {}, bob.token)).webPushPublicKey;
    expect(Buffer.from(key, 'base64url')).toHaveLength(65);
  });
});
