import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Browser } from 'playwright-core';
import { TestPlatform } from '@test/support';
import { bidiOf, launchChromium, startWebPlatform } from './support/browser';
import { bubble, person, send, startChat } from './support/people';

jest.setTimeout(240_000);

describe('web app: text', () => {
  let platform: TestPlatform;
  let browser: Browser;
  let site: http.Server;
  let base: string;

  beforeAll(async () => {
    site = http.createServer((req, res) => {
      if (req.url === '/missing.xml') return void res.writeHead(404).end('not here');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>صفحهٔ بیرونی</title><p>بیرون</p>');
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    platform = await startWebPlatform(['accounts', 'messaging', 'news'], { FEEDS_ALLOW_PRIVATE: 'loopback' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
    await new Promise((r) => site?.close(r));
  });

  it('turns an address inside Persian text into an isolated link that opens in a new tab, cut off from the app', async () => {
    const maryam = await person(browser, platform, 'مریم');
    const ali = await person(browser, platform, 'علی');
    await startChat(maryam, ali);
    const url = `${base}/docs/page?id=7`;
    await send(maryam.page, `این صفحه را ببین ${url} و بگو چطور است`);
    const link = bubble(maryam.page, 'این صفحه را ببین').getByRole('link', { name: url });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(url);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    // Its direction is its own: the link is isolated (bdi) and reads left to right.
    expect(await bidiOf(link)).toEqual(['A', 'BDI', 'ltr', 'isolate']);
    // The words around it stay as written, in order.
    expect(await bubble(maryam.page, 'این صفحه را ببین').locator('.text').textContent()).toBe(`این صفحه را ببین ${url} و بگو چطور است`);

    // The server's preview of the page under the message (its <title>, fetched once by news).
    const preview = bubble(maryam.page, 'این صفحه را ببین').getByRole('link', { name: 'پیش‌نمایش پیوند: صفحهٔ بیرونی' });
    await preview.waitFor();
    expect(await preview.getAttribute('rel')).toBe('noopener noreferrer');

    const [popup] = await Promise.all([maryam.page.context().waitForEvent('page'), link.click()]);
    await popup.waitForLoadState();
    expect(popup.url()).toBe(url);
    expect(await popup.evaluate('window.opener')).toBeNull();
    await popup.close();
  });

  it('says in Persian what went wrong with a feed, keeping the reason', async () => {
    const admin = await person(browser, platform, 'سردبیر');
    const handle = `text_${Date.now().toString(36)}`;
    const created = await platform.gql(
      'mutation($i:CreateChannelInput!){ createChannel(input:$i){ id } }',
      { i: { handle, title: 'کانال آزمایشی' } },
      admin.token,
    );
    if (created.errors) throw new Error(JSON.stringify(created.errors));
    const post = await platform.gql(
      'mutation($i:PublishPostInput!){ publishPost(input:$i){ id } }',
      { i: { channelId: created.data.createChannel.id, text: `گزارش کامل در ${base}/report آمده است.` } },
      admin.token,
    );
    if (post.errors) throw new Error(JSON.stringify(post.errors));
    await admin.page.goto(`/news/c/${handle}`);
    const postLink = admin.page.getByRole('article').getByRole('link', { name: `${base}/report` });
    expect(await postLink.getAttribute('rel')).toBe('noopener noreferrer');

    // A private address is refused when added: said as such, not as "the address is not right".
    await admin.page.getByLabel('نشانی خوراک').fill('http://10.1.2.3/feed.xml');
    await admin.page.getByRole('button', { name: 'افزودن' }).click();
    await admin.page.getByRole('alert').getByText('نشانی 10.1.2.3 به شبکهٔ داخلی اشاره می‌کند و مجاز نیست.').waitFor();

    // A feed that answers 404: the source shows the status, in Persian.
    await admin.page.getByLabel('نشانی خوراک').fill(`${base}/missing.xml`);
    await admin.page.getByRole('button', { name: 'افزودن' }).click();
    const source = admin.page.getByRole('list', { name: 'خوراک‌ها' }).getByRole('listitem');
    await source.getByRole('button', { name: 'دریافت' }).click();
    await source.getByText('خطا: سرور 127.0.0.1 به جای خوراک پاسخ ۴۰۴ داد (چنین صفحه‌ای ندارد).').waitFor();
  });
});
