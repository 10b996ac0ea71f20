import { Browser, Route } from 'playwright-core';
import sharp from 'sharp';
import { TestPlatform } from '@test/support';
import { launchChromium, startWebPlatform, waitFor } from './support/browser';
import { person } from './support/people';

jest.setTimeout(240_000);

describe('web app: media in channel posts', () => {
  let platform: TestPlatform;
  let browser: Browser;

  beforeAll(async () => {
    platform = await startWebPlatform(['accounts', 'news', 'media']);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('an admin attaches a photo to a post (a stalled file cancelled on the way); a subscriber sees the photo in their feed', async () => {
    const admin = await person(browser, platform, 'سردبیر');
    const reader = await person(browser, platform, 'خواننده');
    const handle = `aks_${Date.now().toString(36)}`;

    await admin.page.getByRole('link', { name: 'اخبار' }).click();
    await admin.page.getByRole('button', { name: 'ساخت کانال' }).click();
    await admin.page.getByLabel('نام کانال').fill('عکس روز');
    await admin.page.getByLabel('شناسهٔ کانال').fill(handle);
    await admin.page.getByRole('dialog').getByRole('button', { name: 'ساخت کانال' }).click();
    await admin.page.waitForURL(new RegExp(`/news/c/${handle}$`));
    const channel = await platform.gql('query($h:String){ channel(handle:$h){ id } }', { h: handle }, reader.token);
    const sub = await platform.gql(
      'mutation($c:ID!){ subscribeChannel(channelId:$c){ id } }',
      { c: channel.data.channel.id },
      reader.token,
    );
    expect(sub.errors).toBeUndefined();

    await admin.page.getByRole('button', { name: 'نوشتن پست تازه' }).click();
    await admin.page.getByLabel('متن پست').fill('غروب در کویر لوت');
    const photo = await sharp({ create: { width: 480, height: 320, channels: 3, background: { r: 230, g: 120, b: 40 } } })
      .png()
      .toBuffer();
    await admin.page.getByLabel('انتخاب فایل').setInputFiles({ name: 'غروب.png', mimeType: 'image/png', buffer: photo });
    const tray = admin.page.getByRole('list', { name: 'پیوست‌ها' });
    await waitFor(async () => (await tray.getByText(/· آماده$/).count()) === 1, 30_000);

    // A second file whose bytes never get through: it shows its own progress, holds back publishing, and is cancelled.
    const held: Route[] = [];
    await admin.page.route('**/media/upload/**', (route) =>
      route.request().method() === 'PATCH' ? void held.push(route) : void route.continue(),
    );
    await admin.page
      .getByLabel('انتخاب فایل')
      .setInputFiles({ name: 'گزارش.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(300_000, 7) });
    const stalled = tray.getByRole('listitem').filter({ hasText: 'گزارش.pdf' });
    await stalled.getByRole('progressbar', { name: 'پیشرفت بارگذاری گزارش.pdf' }).waitFor();
    await waitFor(async () => held.length > 0, 30_000);
    expect(await admin.page.getByRole('button', { name: 'در انتظار پیوست‌ها…' }).isDisabled()).toBe(true);
    await stalled.getByRole('button', { name: 'لغو بارگذاری' }).click();
    await stalled.waitFor({ state: 'detached' });
    await admin.page.unroute('**/media/upload/**');
    await Promise.all(held.map((r) => r.abort().catch(() => undefined)));

    await admin.page.getByRole('button', { name: 'انتشار' }).click();
    const mine = admin.page.getByRole('article').filter({ hasText: 'غروب در کویر لوت' });
    await mine.locator('.album img').waitFor({ timeout: 30_000 });

    await reader.page.getByRole('link', { name: 'اخبار' }).click();
    await reader.page.getByRole('link', { name: 'خبرخوان من' }).click();
    const post = reader.page.getByRole('article').filter({ hasText: 'غروب در کویر لوت' });
    await post.waitFor({ timeout: 30_000 });
    expect(await post.locator('.album').getByRole('button', { name: /عکس/ }).count()).toBe(1);
    await waitFor(async () => post.locator('.album img').evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth > 0));
    // Only the photo went with the post: the cancelled file is not there.
    expect(await post.locator('.file-card').count()).toBe(0);
  });
});
