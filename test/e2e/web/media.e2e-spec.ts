import { createHash } from 'node:crypto';
import { Browser } from 'playwright-core';
import sharp from 'sharp';
import { TestPlatform } from '@test/support';
import { fa, launchChromium, screenshots, startWebPlatform, waitFor } from './support/browser';
import { bubbles, person as signUp, startChat } from './support/people';

jest.setTimeout(240_000);

/** Chromium's fake microphone (a beep) and no permission prompt: MediaRecorder records real Opus. */
const FAKE_AUDIO = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];

describe('web app: media', () => {
  let platform: TestPlatform;
  let browser: Browser;

  beforeAll(async () => {
    platform = await startWebPlatform(['accounts', 'messaging', 'media']);
    browser = await launchChromium(FAKE_AUDIO);
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  const person = (name: string) => signUp(browser, platform, name);

  it('sends a photo album that the other person sees, with a viewer; and a voice note with its waveform', async () => {
    const maryam = await person('مریم');
    const ali = await person('علی');
    await startChat(maryam, ali);
    await ali.page.getByRole('list', { name: 'گفتگوها' }).getByRole('link', { name: /مریم/ }).waitFor();

    const photos = await Promise.all(
      [30, 120, 210].map(async (r, i) => ({
        name: `photo-${i}.png`,
        mimeType: 'image/png',
        buffer: await sharp({ create: { width: 400, height: 300, channels: 3, background: { r, g: 80, b: 160 } } })
          .png()
          .toBuffer(),
      })),
    );
    await maryam.page.getByLabel('انتخاب فایل').setInputFiles(photos);
    const tray = maryam.page.getByRole('list', { name: 'پیوست‌ها' });
    await waitFor(async () => (await tray.getByText(/· آماده$/).count()) === 3, 30_000);
    await maryam.page.getByLabel('متن پیام').fill('عکس‌های سفر');
    await maryam.page.getByLabel('متن پیام').press('Enter');
    await bubbles(maryam.page).filter({ hasText: 'عکس‌های سفر' }).locator('.album').waitFor({ timeout: 30_000 });

    await ali.page.getByRole('list', { name: 'گفتگوها' }).getByRole('link', { name: /مریم/ }).click();
    const album = bubbles(ali.page).filter({ hasText: 'عکس‌های سفر' }).locator('.album');
    await album.waitFor();
    expect(await album.getByRole('button', { name: /عکس/ }).count()).toBe(3);
    expect(await album.locator('canvas.blurhash').count()).toBe(3);
    await waitFor(async () =>
      album.locator('img').evaluateAll((imgs) => imgs.every((i) => (i as unknown as { naturalWidth: number }).naturalWidth > 0)),
    );
    await album.getByRole('button', { name: `عکس ${fa(2)}` }).click();
    const viewer = ali.page.getByRole('dialog', { name: `عکس ${fa(2)} از ${fa(3)}` });
    await waitFor(async () => viewer.locator('img').evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth === 400));
    await screenshots(ali.page, 'chat-photo-viewer', ['desktop']);
    await viewer.getByRole('button', { name: 'بستن' }).click();

    // A voice note from the fake microphone: tap to record, tap again to stop; it sends itself.
    await ali.context.grantPermissions(['microphone']);
    await ali.page.getByRole('button', { name: 'ضبط پیام صوتی' }).click();
    await ali.page.getByRole('status').filter({ hasText: '●' }).waitFor();
    await ali.page.waitForTimeout(1500);
    await ali.page.getByRole('button', { name: 'پایان ضبط و ارسال' }).click();
    const voice = bubbles(maryam.page).locator('.voice');
    await voice.waitFor({ timeout: 30_000 });
    expect(await voice.locator('.waveform span').count()).toBe(64);
    await voice.getByRole('button', { name: 'سرعت پخش' }).click();
    expect(await voice.getByRole('button', { name: 'سرعت پخش' }).textContent()).toBe(`${fa('1.5')}×`);
    await voice.getByRole('button', { name: 'پخش', exact: true }).click();
    await voice.getByRole('button', { name: 'توقف' }).waitFor();
    await screenshots(maryam.page, 'chat-media', ['phone', 'desktop']);
  });

  it('goes on with an upload after the connection drops, where it stopped', async () => {
    const sara = await person('سارا');
    const reza = await person('رضا');
    await startChat(sara, reza);
    const data = Buffer.alloc(5 * 1024 * 1024 + 11);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31) % 256;
    // The second chunk's connection is cut once; the app asks where the server stands and sends the rest.
    let patches = 0;
    let cut = false;
    await sara.page.route('**/media/upload/**', async (route) => {
      if (route.request().method() === 'PATCH' && ++patches === 2 && !cut) {
        cut = true;
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    await sara.page.getByLabel('انتخاب فایل').setInputFiles({ name: 'گزارش.bin', mimeType: 'application/octet-stream', buffer: data });
    await sara.page
      .getByRole('list', { name: 'پیوست‌ها' })
      .getByText(/· آماده$/)
      .waitFor({ timeout: 60_000 });
    expect(cut).toBe(true);
    await sara.page.getByRole('button', { name: 'ارسال', exact: true }).click();
    await reza.page.getByRole('list', { name: 'گفتگوها' }).getByRole('link', { name: /سارا/ }).click();
    const card = bubbles(reza.page).getByRole('link', { name: 'دریافت گزارش.bin' });
    await card.waitFor();
    const href = await card.getAttribute('href');
    const got = Buffer.from(await (await fetch(new URL(href!, platform.url))).arrayBuffer());
    expect(createHash('sha256').update(got).digest('hex')).toBe(createHash('sha256').update(data).digest('hex'));
  });
});
