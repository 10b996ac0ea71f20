import { randomUUID } from 'node:crypto';
import { Browser } from 'playwright-core';
import sharp from 'sharp';
import { TestPlatform } from '@test/support';
import { launchChromium, startWebPlatform, waitFor } from './support/browser';
import { bubbles, person as signUp } from './support/people';
import { upload } from '../media-helpers';

jest.setTimeout(240_000);

describe('web app: media of a removed member', () => {
  let platform: TestPlatform;
  let browser: Browser;

  beforeAll(async () => {
    // Download URLs live 2 to 4 seconds here, so that one given before the removal expires within the test.
    platform = await startWebPlatform(['accounts', 'messaging', 'media'], { MEDIA_URL_TTL_SECONDS: '2' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('answers 403 to a removed member once the URL they had expires, and shows them no media sent after', async () => {
    const owner = await signUp(browser, platform, 'مدیر');
    const reza = await signUp(browser, platform, 'رضا');
    const created = await platform.gql(
      `mutation($m:[ID!]!){ createGroup(title:"عکاسی", memberIds:$m){ id } }`,
      { m: [reza.userId] },
      owner.token,
    );
    const conversationId = created.data.createGroup.id as string;
    const sendPhoto = async (caption: string, colour: number) => {
      const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: colour, g: 90, b: 40 } } })
        .png()
        .toBuffer();
      const { ticket } = await upload(platform, owner, png, {
        kind: 'PHOTO',
        mimeType: 'image/png',
      });
      const sent = await platform.gql(
        `mutation($i:SendMessageInput!){ sendMessage(input:$i){ id } }`,
        { i: { conversationId, clientId: randomUUID(), text: caption, mediaIds: [ticket.mediaId] } },
        owner.token,
      );
      if (sent.errors) throw new Error(JSON.stringify(sent.errors));
    };

    await sendPhoto('پیش از رفتن', 10);
    await reza.page.getByRole('list', { name: 'گفتگوها' }).getByRole('link', { name: /عکاسی/ }).click();
    const before = bubbles(reza.page).filter({ hasText: 'پیش از رفتن' }).locator('.album img');
    await waitFor(async () => before.evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth > 0));
    const src = (await before.getAttribute('src'))!;

    const removed = await platform.gql(
      `mutation($c:ID!,$u:ID!){ removeMember(conversationId:$c, userId:$u){ id } }`,
      { c: conversationId, u: reza.userId },
      owner.token,
    );
    expect(removed.errors).toBeUndefined();
    await sendPhoto('پس از رفتن', 200);

    // The URL they held stops working when it expires: 403, in the browser.
    const expiresAt = Number(new URL(src).searchParams.get('exp')) * 1000;
    await waitFor(async () => Date.now() > expiresAt, 10_000);
    const page = await reza.context.newPage();
    const res = await page.goto(src);
    expect(res?.status()).toBe(403);
    await page.close();

    // Their chat keeps the history they saw, without its media, and nothing sent after.
    // (The page is still on the conversation: the reload opens it again.)
    await reza.page.reload();
    await bubbles(reza.page).filter({ hasText: 'پیش از رفتن' }).waitFor();
    expect(await bubbles(reza.page).locator('.album').count()).toBe(0);
    expect(await bubbles(reza.page).filter({ hasText: 'پس از رفتن' }).count()).toBe(0);
  });
});
