import * as webpush from 'web-push';
import { Browser, CDPSession, Page } from 'playwright-core';
import { TestPlatform } from '@test/support';
import { FakePushService } from '../../support/fake-push-service';
import { axeViolations, launchChromium, startWebPlatform, waitFor } from './support/browser';
import { person as signUp, send, startChat } from './support/people';

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

  beforeAll(async () => {
    push = await new FakePushService().start();
    const vapid = webpush.generateVAPIDKeys();
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
});
