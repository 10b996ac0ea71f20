import * as webpush from 'web-push';
import { Browser, CDPSession, Page } from 'playwright-core';
import { TestPlatform } from '@test/support';
import { FakePushService } from '../../support/fake-push-service';
import { axeViolations, launchChromium, startWebPlatform, waitFor } from './support/browser';
import { bubble, person as signUp, Person, send, startChat } from './support/people';

jest.setTimeout(240_000);

interface Shown {
  title: string;
  body: string;
  tag: string;
  data: { conversationId: string | null };
}

// Evaluated in the page (as strings: the tests compile without the DOM's types).
const WORKER_READY = `navigator.serviceWorker.ready.then(() => undefined)`;
const NOTIFICATIONS = `navigator.serviceWorker.ready
  .then((r) => r.getNotifications())
  .then((list) => list.map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data })))`;
const SWITCH = 'اعلان در این مرورگر، وقتی برنامه باز نیست';

/**
 * Stands in for the one step the test cannot run for real: Chromium's own
 * registration with its push service (FCM; a headless browser's incognito
 * context refuses, a persistent one waits on Google's servers). In the page,
 * PushManager.subscribe answers, as Chromium does once FCM has answered, with a
 * subscription whose endpoint is at the local push service and whose keys are
 * the FakeBrowser's (so that service can decrypt what the platform sends);
 * it refuses, as Chromium does, without the notifications permission. What the
 * app asked for is kept in window.__subscribeCalls. getSubscription and
 * unsubscribe follow it.
 */
function pushServiceRegistration(keys: { endpoint: string; p256dh: string; auth: string }): string {
  return `(() => {
    const keys = ${JSON.stringify(keys)};
    const calls = (window.__subscribeCalls = []);
    const base64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/[+]/g, '-').replace(/[/]/g, '_').replace(/=+$/, '');
    const asText = (key) =>
      typeof key === 'string' ? key : base64url(key instanceof ArrayBuffer ? new Uint8Array(key) : new Uint8Array(key.buffer, key.byteOffset, key.byteLength));
    let current = null;
    PushManager.prototype.subscribe = async function (options) {
      calls.push({ userVisibleOnly: options.userVisibleOnly, applicationServerKey: asText(options.applicationServerKey) });
      if (Notification.permission !== 'granted') throw new DOMException('Registration failed - permission denied', 'NotAllowedError');
      current ??= {
        endpoint: keys.endpoint,
        expirationTime: null,
        options,
        toJSON: () => ({ endpoint: keys.endpoint, expirationTime: null, keys: { p256dh: keys.p256dh, auth: keys.auth } }),
        unsubscribe: async () => ((current = null), true),
      };
      return current;
    };
    PushManager.prototype.getSubscription = async function () {
      return current;
    };
  })()`;
}

/**
 * In the service worker: the shown notification with this tag is clicked. The
 * click itself (the operating system's notification UI) is out of reach, so
 * the worker's own notificationclick listener is given a NotificationEvent
 * for the real notification, as Chromium gives it on a click.
 */
const CLICK = (tag: string) => `self.registration.getNotifications({ tag: ${JSON.stringify(tag)} }).then(([notification]) => {
  if (!notification) throw new Error('no notification ' + ${JSON.stringify(tag)});
  self.dispatchEvent(new NotificationEvent('notificationclick', { notification }));
})`;

/**
 * The installable app: manifest, icons, service worker, offline shell, and a
 * Web Push received in a second Chromium context. Chromium's own push service
 * (FCM) is out of reach here, so the second person's browser is registered
 * with the local push service: the platform pushes to it through web-push
 * (encrypted, VAPID-signed), it decrypts the payload with that browser's keys,
 * and hands the payload to the second context's service worker as its push
 * message (DevTools' ServiceWorker.deliverPushMessage), which shows it.
 */
describe('web app: installable, offline, Web Push', () => {
  let platform: TestPlatform;
  let browser: Browser;
  let push: FakePushService;
  const vapid = webpush.generateVAPIDKeys();

  beforeAll(async () => {
    push = await new FakePushService().start();
    platform = await startWebPlatform(['accounts', 'messaging'], {
      PUSH_POLL_MS: '100',
      PUSH_EXTRA_CA_FILE: push.caFile,
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
    await push?.close();
  });

  /** The service worker's registration id, once it is active and controls the page. */
  async function activeWorker(page: Page, cdp: CDPSession): Promise<string> {
    let registrationId = '';
    cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: Array<{ registrationId: string; status: string }> }) => {
      const active = e.versions.find((v) => v.status === 'activated');
      if (active) registrationId = active.registrationId;
    });
    await cdp.send('ServiceWorker.enable');
    await page.evaluate(WORKER_READY);
    return waitFor(() => registrationId);
  }

  /** The notifications the service worker shows, once there are `count`. */
  function shownNotifications(page: Page, count: number): Promise<Shown[]> {
    return waitFor(async () => {
      const list = await page.evaluate<Shown[]>(NOTIFICATIONS);
      return list.length >= count ? list : undefined;
    });
  }

  /** What the push service received for this browser (the nth push), delivered to the reader's service worker as Chromium would. */
  async function deliver(reader: Person, cdp: CDPSession, registrationId: string, name: string, nth: number): Promise<unknown> {
    const received = await waitFor(() => push.to(name)[nth - 1]);
    expect(push.errors).toEqual([]);
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: new URL(platform.url).origin,
      registrationId,
      data: JSON.stringify(received.payload),
    });
    return received.payload;
  }

  it('has a manifest with icons, and keeps working offline from its shell', async () => {
    const reader = await signUp(browser, platform, 'خواننده');
    const href = await reader.page.locator('link[rel=manifest]').getAttribute('href');
    const manifest = await (await reader.page.request.get(href!)).json();
    expect(manifest).toMatchObject({ lang: 'fa', dir: 'rtl', display: 'standalone', start_url: '/chats' });
    for (const icon of manifest.icons) expect((await reader.page.request.get(icon.src)).status()).toBe(200);
    expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));

    await reader.page.evaluate(WORKER_READY);
    await reader.page.reload();
    await reader.page.getByRole('navigation', { name: 'بخش‌ها' }).waitFor();
    await reader.context.setOffline(true);
    await reader.page.goto('/settings');
    await reader.page.getByRole('heading', { name: 'تنظیمات' }).waitFor();
    await reader.context.setOffline(false);
    await reader.context.close();
  });

  it('shows a Web Push from the platform in a second context, one per chat, naming the sender', async () => {
    const sender = await signUp(browser, platform, 'آلیس');
    const reader = await signUp(browser, platform, 'باب');
    await reader.context.grantPermissions(['notifications']);
    const cdp = await reader.context.newCDPSession(reader.page);
    const registrationId = await activeWorker(reader.page, cdp);
    // Bob's settings show the switches ("notify me of", previews).
    await reader.page.getByRole('link', { name: 'تنظیمات' }).click();
    await reader.page.getByRole('radio', { name: 'همهٔ پیام‌ها' }).waitFor();
    expect(await reader.page.getByRole('radio', { name: 'همهٔ پیام‌ها' }).isChecked()).toBe(true);
    expect(await axeViolations(reader.page)).toEqual([]);
    // "Notify me of" direct chats only (this chat is one, so it is still pushed), saved on the server.
    await reader.page.getByRole('radio', { name: 'فقط گفتگوهای خصوصی' }).check();
    await waitFor(
      async () =>
        (await platform.gql(`query{ notificationSettings{ notifyOf } }`, {}, reader.token)).data?.notificationSettings.notifyOf ===
        'DIRECT',
    );

    const laptop = push.browser('bob');
    const registered = await platform.gql(
      `mutation($i:PushSubscriptionInput!){ registerPushSubscription(input:$i){ id } }`,
      { i: laptop.keys },
      reader.token,
    );
    expect(registered.errors).toBeUndefined();

    const chatId = await startChat(sender, reader);
    await send(sender.page, 'سلام باب، جلسه ساعت ۱۰');
    await push.waitFor(1);
    expect(push.errors).toEqual([]);
    const [received] = push.to('bob');
    expect(received.topic).toBe(chatId.replace(/-/g, ''));
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: new URL(platform.url).origin,
      registrationId,
      data: JSON.stringify(received.payload),
    });

    const shown = await waitFor(async () => {
      const list = await reader.page.evaluate<Shown[]>(NOTIFICATIONS);
      return list.length ? list : undefined;
    });
    expect(shown).toEqual([{ title: 'آلیس', body: 'سلام باب، جلسه ساعت ۱۰', tag: `chat:${chatId}`, data: { conversationId: chatId } }]);
  });

  /**
   * The subscribe step as a person takes it, in Settings. Real: the page, the
   * app's code, the notifications permission (granted over DevTools'
   * Browser.grantPermissions, as a person's "Allow" would) and
   * Notification.requestPermission, the service worker registration, the
   * registerPushSubscription call, the platform's push worker and the web-push
   * library, the push service protocol (the local FakePushService: RFC 8030 +
   * 8291 + 8292), the push handed to the real service worker
   * (ServiceWorker.deliverPushMessage) and the notification it shows. Not real:
   * PushManager.subscribe's registration with Chromium's push service
   * (pushServiceRegistration above), and that the push service forwards the
   * push to the browser (the test does, with what it decrypted).
   */
  it('turning notifications on in Settings subscribes this browser with the platform key and registers it', async () => {
    const sender = await signUp(browser, platform, 'سارا');
    const reader = await signUp(browser, platform, 'کاوه');
    const device = push.browser('kaveh');
    await reader.context.grantPermissions(['notifications']);
    await reader.context.addInitScript(pushServiceRegistration(device.keys));
    await reader.page.reload();
    const cdp = await reader.context.newCDPSession(reader.page);
    const registrationId = await activeWorker(reader.page, cdp);

    await reader.page.getByRole('link', { name: 'تنظیمات' }).click();
    const toggle = reader.page.getByRole('checkbox', { name: SWITCH });
    await toggle.waitFor();
    expect(await toggle.isChecked()).toBe(false);
    await toggle.click();
    await reader.page.getByText('اعلان‌ها در این مرورگر روشن شد').waitFor();
    expect(await toggle.isChecked()).toBe(true);
    // One subscribe, visible only, with the platform's VAPID public key.
    expect(await reader.page.evaluate('window.__subscribeCalls')).toEqual([
      { userVisibleOnly: true, applicationServerKey: vapid.publicKey },
    ]);
    expect(push.to('kaveh')).toEqual([]);

    // Registered with the platform: a message to this person is pushed to that endpoint.
    const chatId = await startChat(sender, reader);
    await send(sender.page, 'کاوه، فردا می‌آیی؟');
    const payload = await deliver(reader, cdp, registrationId, 'kaveh', 1);
    expect(payload).toMatchObject({ conversationId: chatId, title: 'سارا', body: 'کاوه، فردا می‌آیی؟' });
    expect(push.to('kaveh')[0].vapid.sub).toBeTruthy();
    expect(await shownNotifications(reader.page, 1)).toEqual([
      { title: 'سارا', body: 'کاوه، فردا می‌آیی؟', tag: `chat:${chatId}`, data: { conversationId: chatId } },
    ]);
  });

  /**
   * A click on a notification. Real: the pushes (as above, the browser
   * registered through the API), the notifications the service worker shows,
   * its notificationclick listener, clients.matchAll, the message to the open
   * window and the app's navigation there. Not real: the click, which the
   * operating system's notification UI would make; the listener is given a
   * NotificationEvent for the shown notification from inside the worker
   * (CLICK). Such an event is not trusted and brings no permission to focus
   * or open windows, so what is checked is the move of the open window to the
   * chat, not its focus; opening a new window when none is open
   * (clients.openWindow) is not tested.
   */
  it("a click on a chat's notification opens that chat in the app's open window", async () => {
    const first = await signUp(browser, platform, 'نگار');
    const second = await signUp(browser, platform, 'پویا');
    const reader = await signUp(browser, platform, 'دنیا');
    await reader.context.grantPermissions(['notifications']);
    const cdp = await reader.context.newCDPSession(reader.page);
    const registrationId = await activeWorker(reader.page, cdp);
    const registered = await platform.gql(
      `mutation($i:PushSubscriptionInput!){ registerPushSubscription(input:$i){ id } }`,
      { i: push.browser('donya').keys },
      reader.token,
    );
    expect(registered.errors).toBeUndefined();

    const firstChat = await startChat(first, reader);
    await send(first.page, 'سلام دنیا');
    await deliver(reader, cdp, registrationId, 'donya', 1);
    const secondChat = await startChat(second, reader);
    await send(second.page, 'دنیا، گزارش رسید؟');
    await deliver(reader, cdp, registrationId, 'donya', 2);
    const shown = await shownNotifications(reader.page, 2);
    expect(shown.map((n) => n.tag).sort()).toEqual([`chat:${firstChat}`, `chat:${secondChat}`].sort());

    // The app is open on Settings; the second chat's notification is clicked.
    await reader.page.getByRole('link', { name: 'تنظیمات' }).click();
    await reader.page.getByRole('heading', { name: 'تنظیمات' }).waitFor();
    const worker = reader.context.serviceWorkers()[0] ?? (await reader.context.waitForEvent('serviceworker'));
    await worker.evaluate(CLICK(`chat:${secondChat}`));
    await reader.page.waitForURL((url) => url.pathname === `/chats/${secondChat}`);
    await bubble(reader.page, 'دنیا، گزارش رسید؟').waitFor();
    // The clicked one is closed; the other chat's stays.
    expect((await reader.page.evaluate<Shown[]>(NOTIFICATIONS)).map((n) => n.tag)).toEqual([`chat:${firstChat}`]);
  });
});
