import { Browser, Page } from 'playwright-core';
import { TestPlatform } from '@test/support';
import { axeBothSchemes, DESKTOP, launchChromium, PHONE, startWebPlatform } from './support/browser';
import { person, startChat } from './support/people';

jest.setTimeout(240_000);

/** The accessible name of whatever has focus. */
const focusedLabel = (page: Page) =>
  page.evaluate(`(() => {
    const el = document.activeElement;
    // A field's label is its first line (a hint may follow inside the same <label>).
    const label = el?.labels?.[0];
    return (label?.firstElementChild ?? label)?.textContent?.trim() ?? el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '';
  })()`);

const h1s = (page: Page) => page.locator('h1:visible').allTextContents();

describe('web app: layout and accessibility', () => {
  let platform: TestPlatform;
  let browser: Browser;

  beforeAll(async () => {
    platform = await startWebPlatform(['accounts', 'messaging', 'payments', 'news']);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('on a phone: an empty chat list offers its button in place, new chat focuses its search, a chat its composer, a main heading per screen', async () => {
    const nima = await person(browser, platform, 'نیما Karimi', PHONE);
    const page = nima.page;
    const empty = page.getByRole('list', { name: 'گفتگوها' }).getByRole('button', { name: 'شروع گفتگوی تازه' });
    await empty.click();
    expect(await focusedLabel(page)).toBe('نام یا نام کاربری');
    await page.keyboard.press('Escape');

    // One script per avatar: «ن», not «نK».
    await page.getByRole('link', { name: 'تنظیمات' }).click();
    await page.getByRole('heading', { level: 1, name: 'تنظیمات' }).waitFor();
    expect(await h1s(page)).toEqual(['تنظیمات']);
    expect(await axeBothSchemes(page)).toEqual([]);
    // The switch: dark whatever the device says, then back to following it.
    await page.getByRole('radio', { name: 'تیره' }).check();
    expect(await page.evaluate(`getComputedStyle(document.documentElement).backgroundColor`)).toBe('rgb(14, 22, 33)');
    await page.getByRole('radio', { name: 'مطابق دستگاه' }).check();
    expect(await page.evaluate(`getComputedStyle(document.documentElement).backgroundColor`)).toBe('rgb(243, 245, 248)');
    expect(await page.locator('.avatar').first().textContent()).toBe('ن');

    for (const [link, heading] of [
      ['کیف پول', 'کیف پول'],
      ['قبض', 'پرداخت قبض'],
      ['گفتگوها', 'گفتگوها'],
    ] as const) {
      await page.getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      expect(await h1s(page)).toEqual([heading]);
      expect(await axeBothSchemes(page)).toEqual([]);
    }

    const sara = await person(browser, platform, 'سارا', PHONE);
    await startChat(sara, nima);
    expect(await h1s(sara.page)).toEqual(['نیما Karimi']);
    expect(await axeBothSchemes(sara.page)).toEqual([]);
    expect(await focusedLabel(sara.page)).toBe('متن پیام');
    // The header's button is named by what it shows.
    await sara.page.getByRole('button', { name: 'نیما Karimi', exact: true }).click();
    await sara.page.getByRole('dialog').waitFor();
  });

  it('on a phone the post form waits behind a button; on a desktop the feed link shows beside the channels', async () => {
    const editor = await person(browser, platform, 'دبیر', PHONE);
    const handle = `layout_${Date.now().toString(36)}`;
    const r = await platform.gql(
      'mutation($i:CreateChannelInput!){ createChannel(input:$i){ id } }',
      { i: { handle, title: 'کانال چیدمان' } },
      editor.token,
    );
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    const post = await platform.gql(
      'mutation($i:PublishPostInput!){ publishPost(input:$i){ id } }',
      { i: { channelId: r.data.createChannel.id, text: 'پستی برای آزمودن چیدمان' } },
      editor.token,
    );
    if (post.errors) throw new Error(JSON.stringify(post.errors));
    await editor.page.goto(`/news/c/${handle}`);
    // The post's tools stay on one line on a phone: the delete icon does not wrap below the others.
    const article = editor.page.getByRole('article').filter({ hasText: 'پستی برای آزمودن چیدمان' });
    const top = async (name: string) => (await article.getByRole('button', { name }).boundingBox())!.y;
    expect(await top('حذف پست')).toBe(await top('واکنش به پست'));
    const write = editor.page.getByRole('button', { name: 'نوشتن پست تازه' });
    await write.waitFor();
    expect(await editor.page.getByLabel('متن پست').count()).toBe(0);
    expect(await axeBothSchemes(editor.page)).toEqual([]);
    await write.click();
    expect(await focusedLabel(editor.page)).toBe('متن پست');
    await editor.page.getByRole('button', { name: 'بستن فرم پست' }).click();
    await write.waitFor();

    await editor.page.setViewportSize(DESKTOP);
    await editor.page.goto(`/news/c/${handle}`);
    await editor.page.getByRole('heading', { level: 1, name: 'کانال چیدمان' }).waitFor();
    const feed = editor.page.getByRole('link', { name: 'خبرخوان من' });
    expect(await feed.isVisible()).toBe(true);
    await feed.click();
    await editor.page.waitForURL(/\/news\/feed$/);
  });
});
