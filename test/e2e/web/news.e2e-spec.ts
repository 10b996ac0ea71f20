import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Browser } from 'playwright-core';
import { TestPlatform } from '@test/support';
import {
  axeBothSchemes,
  fa,
  launchChromium,
  newPerson,
  PHONE,
  screenshots,
  signUpInUi,
  startWebPlatform,
  waitFor,
  readAuth,
} from './support/browser';

jest.setTimeout(240_000);

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>خبرگزاری نمونه</title><link>http://127.0.0.1/</link><description>نمونه</description>
<item><title>بارش برف در تهران</title><link>http://127.0.0.1/snow</link><guid>snow-1</guid><description>&lt;p&gt;برف سنگین در شمال تهران.&lt;/p&gt;</description><pubDate>Sat, 28 Nov 2026 10:00:00 GMT</pubDate></item>
<item><title>افتتاح خط جدید مترو</title><link>http://127.0.0.1/metro</link><guid>metro-1</guid><description>خط ۱۰ مترو افتتاح شد.</description><pubDate>Sat, 28 Nov 2026 09:00:00 GMT</pubDate></item>
</channel></rss>`;

describe('web app: news', () => {
  let platform: TestPlatform;
  let browser: Browser;
  let feeds: http.Server;
  let feedUrl: string;

  beforeAll(async () => {
    feeds = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(RSS));
    await new Promise<void>((r) => feeds.listen(0, '127.0.0.1', r));
    feedUrl = `http://127.0.0.1:${(feeds.address() as AddressInfo).port}/feed.xml`;
    platform = await startWebPlatform(['accounts', 'news'], { FEEDS_ALLOW_PRIVATE: 'loopback' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
    await new Promise((r) => feeds?.close(r));
  });

  it('an admin publishes; a reader finds the channel, subscribes and sees a new post arrive live; reactions and views count', async () => {
    const admin = await newPerson(browser, platform);
    await signUpInUi(admin.page, platform, 'سردبیر');
    const reader = await newPerson(browser, platform, PHONE);
    await signUpInUi(reader.page, platform, 'خواننده');
    const readerToken = (await readAuth(reader.page)).accessToken;
    const handle = `varzesh_${Date.now().toString(36)}`;

    // The admin creates the channel (the title with Arabic ي, as old keyboards type it) and publishes.
    await admin.page.getByRole('link', { name: 'اخبار' }).click();
    await admin.page.getByRole('button', { name: 'ساخت کانال' }).click();
    await admin.page.getByLabel('نام کانال').fill('اخبار ورزشي');
    await admin.page.getByLabel('شناسهٔ کانال').fill(handle);
    await admin.page.getByLabel('توضیحات').fill('تازه‌ترین خبرهای ورزش ایران و جهان');
    await admin.page.getByRole('dialog').getByRole('button', { name: 'ساخت کانال' }).click();
    await admin.page.waitForURL(new RegExp(`/news/c/${handle}$`));
    await admin.page.getByRole('button', { name: 'نوشتن پست تازه' }).click();
    await admin.page.getByLabel('عنوان (اختیاری)').fill('پیروزی تیم ملی');
    await admin.page.getByLabel('متن پست').fill('تیم ملی فوتبال ایران ۲ بر ۱ پیروز شد. Iran won 2-1.');
    await admin.page.getByRole('button', { name: 'انتشار' }).click();
    await admin.page.getByRole('article').filter({ hasText: 'پیروزی تیم ملی' }).waitFor();

    // The reader finds it by searching with Persian ی; subscribes; opens the feed.
    await reader.page.getByRole('link', { name: 'اخبار' }).click();
    await reader.page.getByLabel('جستجوی کانال').fill('ورزشی');
    await reader.page
      .getByRole('list', { name: 'فهرست کانال‌ها' })
      .getByRole('link', { name: /اخبار ورزش/ })
      .click();
    await reader.page.getByRole('article').filter({ hasText: 'پیروزی تیم ملی' }).waitFor();
    await reader.page.getByRole('button', { name: 'عضویت' }).click();
    await reader.page.getByRole('button', { name: 'لغو عضویت' }).waitFor();
    await reader.page.getByRole('button', { name: 'بازگشت به کانال‌ها' }).click();
    await reader.page.getByRole('link', { name: 'خبرخوان من' }).click();
    await reader.page.getByRole('article').filter({ hasText: 'پیروزی تیم ملی' }).waitFor();

    // A new post appears in the reader's open feed, live.
    await admin.page.getByRole('button', { name: 'نوشتن پست تازه' }).click();
    await admin.page.getByLabel('متن پست').fill('خبر فوری: تمرین تیم ملی فردا ساعت ۱۶ برگزار می‌شود.');
    await admin.page.getByRole('button', { name: 'انتشار' }).click();
    const live = reader.page.getByRole('article').filter({ hasText: 'خبر فوری: تمرین تیم ملی' });
    await live.waitFor();

    // Reactions and views: the reader has seen both posts on screen, and so has the admin (the post form
    // waits behind its button, so the channel's posts fill the admin's screen).
    await live.getByRole('button', { name: 'واکنش به پست' }).click();
    await live.getByRole('button', { name: 'واکنش ❤️' }).click();
    await live.getByRole('button', { name: '❤️ ۱' }).waitFor();
    const views = async () =>
      (
        await platform.gql(
          `query($h:String!){ channel(handle:$h){ posts { edges { node { views reactions { emoji count } } } } } }`,
          { h: handle },
          readerToken,
        )
      ).data.channel.posts.edges;
    await waitFor(async () => (await views()).every((e: { node: { views: number } }) => e.node.views === 2));
    expect((await views())[0].node.reactions).toEqual([{ emoji: '❤️', count: 1 }]);
    expect(await axeBothSchemes(reader.page)).toEqual([]);
    await screenshots(reader.page, 'news-feed');

    // The admin page: edit a post, see the views, add an RSS feed and fetch it.
    await admin.page.reload();
    const first = admin.page.getByRole('article').filter({ hasText: 'پیروزی تیم ملی' });
    await first.getByLabel(`${fa(2)} بازدید`).waitFor();
    await first.getByRole('button', { name: 'ویرایش پست' }).click();
    await admin.page.getByRole('dialog').getByLabel('عنوان').fill('پیروزی شیرین تیم ملی');
    await admin.page.getByRole('dialog').getByRole('button', { name: 'ذخیره' }).click();
    await admin.page.getByRole('article').filter({ hasText: 'پیروزی شیرین تیم ملی' }).getByText('ویرایش‌شده').waitFor();
    await admin.page.getByLabel('نشانی خوراک').fill(feedUrl);
    await admin.page.getByRole('button', { name: 'افزودن' }).click();
    const source = admin.page.getByRole('list', { name: 'خوراک‌ها' }).getByRole('listitem');
    await source.getByText(feedUrl).waitFor();
    await waitFor(async () => {
      await source.getByRole('button', { name: 'دریافت' }).click();
      return (await source.getByText(`${fa(2)} پست`).count()) > 0;
    });
    await admin.page.reload();
    await admin.page.getByRole('article').filter({ hasText: 'بارش برف در تهران' }).waitFor();
    await screenshots(admin.page, 'news-channel-admin', ['desktop']);

    // Scheduling for later (a Jalali date in Tehran time): nothing shows to readers yet.
    await admin.page.getByRole('button', { name: 'نوشتن پست تازه' }).click();
    await admin.page.getByLabel('متن پست').fill('این پست بعداً منتشر می‌شود');
    await admin.page.getByLabel('انتشار در زمان دیگر').check();
    const later = new Intl.DateTimeFormat('en-US-u-ca-persian', {
      timeZone: 'Asia/Tehran',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    }).formatToParts(new Date(Date.now() + 3 * 86_400_000));
    const part = (t: string) => parseInt(later.find((p) => p.type === t)!.value, 10);
    await admin.page.getByLabel('تاریخ (شمسی)').fill(fa(`${part('year')}/${part('month')}/${part('day')}`));
    await admin.page.getByLabel('ساعت (تهران)').fill('۰۹:۳۰');
    await admin.page.getByRole('button', { name: 'زمان‌بندی' }).click();
    const outcome = admin.page.getByText(/پست برای .* زمان‌بندی شد/).or(admin.page.getByRole('alert'));
    await outcome.first().waitFor();
    expect(await outcome.first().textContent()).toMatch(/زمان‌بندی شد/);
    const texts = (await views()).length;
    expect(texts).toBe(4);

    // Delete.
    await admin.page.getByRole('article').filter({ hasText: 'خبر فوری' }).getByRole('button', { name: 'حذف پست' }).click();
    await admin.page.getByRole('dialog').getByRole('button', { name: 'حذف پست' }).click();
    await waitFor(async () => (await admin.page.getByRole('article').filter({ hasText: 'خبر فوری' }).count()) === 0);
    expect((await views()).length).toBe(3);
    await admin.context.close();
    await reader.context.close();
  });
});
