import { Browser, Page } from 'playwright-core';
import { TestPlatform } from '@test/support';
import { fa, launchChromium, startWebPlatform, waitFor } from './support/browser';
import { bubble, person as signUp, send, startChat, type Person } from './support/people';

jest.setTimeout(240_000);

/** Whether the message's bubble is inside the visible part of the message list. */
function inView(page: Page, text: string): Promise<boolean> {
  return page.evaluate(`(() => {
    const log = document.querySelector('[role="log"]').getBoundingClientRect();
    const el = [...document.querySelectorAll('.msg')].find((m) => m.textContent.includes(${JSON.stringify(text)}));
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.bottom > log.top && r.top < log.bottom;
  })()`);
}

const header = (p: Page) => p.locator('.topbar .status-line');

describe('web app: chat behaviour', () => {
  let platform: TestPlatform;
  let browser: Browser;

  beforeAll(async () => {
    platform = await startWebPlatform(['accounts', 'messaging'], { PRESENCE_RENEW_SECONDS: '5' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  const person = (name: string) => signUp(browser, platform, name);
  async function apiSend(from: Person, conversationId: string, text: string) {
    const r = await platform.gql(
      'mutation($i:SendMessageInput!){ sendMessage(input:$i){ id } }',
      { i: { conversationId, clientId: `c-${Math.random()}`, text } },
      from.token,
    );
    if (r.errors) throw new Error(JSON.stringify(r.errors));
  }

  it('scrolls to your own message when you send from further up, and counts what arrived below', async () => {
    const maryam = await person('مریم');
    const ali = await person('علی');
    const id = await startChat(maryam, ali);
    for (let i = 1; i <= 40; i++) await apiSend(ali, id, `پیام شمارهٔ ${i} از علی`);
    await bubble(maryam.page, 'پیام شمارهٔ 40 از علی').waitFor();
    expect(await inView(maryam.page, 'پیام شمارهٔ 40 از علی')).toBe(true);

    // Scrolled up: nothing new yet, the button takes her back down.
    await maryam.page.getByRole('log', { name: 'پیام‌ها' }).evaluate((el) => el.scrollTo({ top: 200 }));
    const jump = maryam.page.getByRole('button', { name: /^رفتن به آخرین پیام/ });
    await jump.waitFor();
    await apiSend(ali, id, 'دو پیام تازه: یک');
    await apiSend(ali, id, 'دو پیام تازه: دو');
    await maryam.page.getByRole('button', { name: `رفتن به آخرین پیام، ${fa(2)} پیام تازه` }).waitFor();
    expect(await inView(maryam.page, 'دو پیام تازه: دو')).toBe(false);
    await jump.click();
    await waitFor(() => inView(maryam.page, 'دو پیام تازه: دو'));
    await waitFor(async () => (await jump.count()) === 0);

    // Scrolled up again, she sends: her message is what she sees.
    await maryam.page.getByRole('log', { name: 'پیام‌ها' }).evaluate((el) => el.scrollTo({ top: 200 }));
    await jump.waitFor();
    await send(maryam.page, 'پیام خودم از بالای گفتگو');
    await bubble(maryam.page, 'پیام خودم از بالای گفتگو').getByRole('img', { name: 'ارسال شد' }).waitFor();
    await waitFor(() => inView(maryam.page, 'پیام خودم از بالای گفتگو'));
    expect(await jump.count()).toBe(0);
  });

  it('shows presence from the socket, clears typing with the message, and queues while the network is gone', async () => {
    const maryam = await person('مریم');
    const ali = await person('علی');
    await startChat(maryam, ali);
    await startChat(ali, maryam);
    await header(maryam.page).getByText('آنلاین').waitFor();
    await header(ali.page).getByText('آنلاین').waitFor();

    // Typing shows, and goes as soon as the message it announced arrives.
    await ali.page.getByLabel('متن پیام').pressSequentially('دارم می‌نویسم', { delay: 30 });
    await header(maryam.page).getByText('در حال نوشتن…').waitFor();
    await ali.page.getByLabel('متن پیام').press('Enter');
    await bubble(maryam.page, 'دارم می‌نویسم').waitFor();
    expect(await header(maryam.page).textContent()).not.toContain('در حال نوشتن');

    // No network: the bar says so, a message waits with its clock, and goes when the network is back.
    await maryam.context.setOffline(true);
    await maryam.page.getByRole('status').getByText('در انتظار شبکه…').first().waitFor();
    await send(maryam.page, 'بدون شبکه نوشتم');
    await maryam.page.locator('[data-pending]').getByRole('img', { name: 'در حال ارسال' }).waitFor();
    await maryam.context.setOffline(false);
    await bubble(ali.page, 'بدون شبکه نوشتم').waitFor();
    await waitFor(
      async () =>
        (await maryam.page
          .getByRole('status')
          .filter({ hasText: /در انتظار شبکه|در حال اتصال/ })
          .count()) === 0,
    );

    // Ali closes the app: Maryam sees him offline, last seen just now.
    await ali.context.close();
    await header(maryam.page).getByText('آخرین بازدید لحظاتی پیش').waitFor({ timeout: 40_000 });
    const r = await platform.gql('query($id:ID!){ user(id:$id){ online lastSeenAt } }', { id: ali.userId }, maryam.token);
    expect(r.data.user.online).toBe(false);
    expect(r.data.user.lastSeenAt).not.toBeNull();
  });

  it('picks emoji into the composer, and shows who wrote each group message with their avatar and name', async () => {
    const maryam = await person('مریم');
    const ali = await person('علی');
    await startChat(maryam, ali);
    await maryam.page.getByLabel('متن پیام').fill('عالی ');
    await maryam.page.getByRole('button', { name: 'شکلک' }).click();
    const picker = maryam.page.getByRole('dialog', { name: 'انتخاب شکلک' });
    await picker.locator('button[aria-label="😂"]').first().click();
    expect(await maryam.page.getByLabel('متن پیام').inputValue()).toBe('عالی 😂');
    await maryam.page.getByLabel('متن پیام').press('Enter');
    await bubble(maryam.page, 'عالی 😂').getByRole('img', { name: 'ارسال شد' }).waitFor();

    const group = await platform.gql(
      'mutation($t:String!,$m:[ID!]!){ createGroup(title:$t, memberIds:$m){ id } }',
      { t: 'دورهمی', m: [ali.userId] },
      maryam.token,
    );
    await apiSend(ali, group.data.createGroup.id, 'سلام به همه');
    await maryam.page.goto(`/chats/${group.data.createGroup.id}`);
    const fromAli = bubble(maryam.page, 'سلام به همه');
    await fromAli.locator('.sender').getByText('علی').waitFor();
    expect(await fromAli.locator('.avatar').textContent()).toBe('ع');
  });
});
