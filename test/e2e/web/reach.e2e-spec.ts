import { Browser } from 'playwright-core';
import { Client } from 'pg';
import { TestPlatform } from '@test/support';
import { fa, launchChromium, screenshots, startWebPlatform, waitFor } from './support/browser';
import { bubble, person as signUp, send } from './support/people';

jest.setTimeout(240_000);

describe('web app: joining by link and mentions', () => {
  let platform: TestPlatform;
  let browser: Browser;

  beforeAll(async () => {
    // media: members' avatars in the group's details come from it; news: channels opened by /@handle.
    platform = await startWebPlatform(['accounts', 'messaging', 'media', 'news']);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  const person = (name: string) => signUp(browser, platform, name);
  async function createGroup(ownerToken: string, title: string, memberIds: string[]): Promise<string> {
    const r = await platform.gql(
      `mutation($t:String!,$m:[ID!]!){ createGroup(title:$t, memberIds:$m){ id } }`,
      { t: title, m: memberIds },
      ownerToken,
    );
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data.createGroup.id;
  }

  it('an admin makes an invite link in the group info; someone opens it, joins, and everyone sees it', async () => {
    const maryam = await person('مریم');
    const ali = await person('علی');
    const id = await createGroup(maryam.token, 'کتاب‌خوانی', []);

    await maryam.page.goto(`/chats/${id}`);
    await maryam.page.getByRole('heading', { name: 'کتاب‌خوانی' }).getByRole('button').click();
    await maryam.page.getByRole('button', { name: 'ساخت پیوند دعوت' }).click();
    const link = await waitFor(
      async () =>
        (await maryam.page
          .getByLabel('پیوند دعوت')
          .first()
          .inputValue()
          .catch(() => '')) || undefined,
    );
    expect(link).toMatch(/\/join\/[A-Za-z0-9_-]{22}$/);
    await maryam.page.getByRole('dialog').getByRole('button', { name: 'بستن' }).click();

    await ali.page.goto(new URL(link).pathname);
    await ali.page.getByRole('heading', { name: 'کتاب‌خوانی' }).waitFor();
    await ali.page.getByText(`${fa(1)} عضو`).waitFor();
    await screenshots(ali.page, 'join-by-link', ['phone']);
    await ali.page.getByRole('button', { name: 'پیوستن به گروه' }).click();
    await ali.page.getByRole('log', { name: 'پیام‌ها' }).waitFor();
    expect(new URL(ali.page.url()).pathname).toBe(`/chats/${id}`);
    await ali.page.getByRole('log', { name: 'پیام‌ها' }).getByText('«علی» با پیوند دعوت به گروه پیوست').waitFor();
    await maryam.page.getByRole('log', { name: 'پیام‌ها' }).getByText('«علی» با پیوند دعوت به گروه پیوست').waitFor();
    await ali.page.getByText(`${fa(2)} عضو`).waitFor();

    // /@username opens a chat with that person.
    await ali.page.goto(`/@${maryam.username}`);
    await ali.page.getByRole('heading', { name: 'مریم' }).waitFor();
    expect(new URL(ali.page.url()).pathname).toMatch(/^\/chats\//);
    await ali.context.close();
    await maryam.context.close();
  });

  it("/@handle opens a public group, which joins in one click, and a channel's page", async () => {
    const owner = await person('سمیرا');
    const reader = await person('رضا');
    const id = await createGroup(owner.token, 'کوه‌نوردی تهران', []);
    const group = `g${Date.now().toString(36)}`;
    const set = await platform.gql(
      `mutation($c:ID!,$h:String){ setGroupHandle(conversationId:$c, handle:$h){ handle } }`,
      { c: id, h: group },
      owner.token,
    );
    expect(set.errors).toBeUndefined();
    const channel = `c${Date.now().toString(36)}`;
    const made = await platform.gql(
      `mutation($i:CreateChannelInput!){ createChannel(input:$i){ id } }`,
      { i: { handle: channel, title: 'خبرهای کوه' } },
      owner.token,
    );
    expect(made.errors).toBeUndefined();

    // A public group: its card, then the chat with the SYSTEM message of the join.
    await reader.page.goto(`/@${group}`);
    await reader.page.getByRole('heading', { name: 'کوه‌نوردی تهران' }).waitFor();
    await reader.page.getByText(`${fa(1)} عضو`).waitFor();
    await reader.page.getByRole('button', { name: 'پیوستن به گروه' }).click();
    await reader.page.getByRole('log', { name: 'پیام‌ها' }).waitFor();
    expect(new URL(reader.page.url()).pathname).toBe(`/chats/${id}`);
    await reader.page.getByRole('log', { name: 'پیام‌ها' }).getByText('«رضا» به گروه پیوست').waitFor();
    await owner.page.goto(`/chats/${id}`);
    await owner.page.getByRole('log', { name: 'پیام‌ها' }).getByText('«رضا» به گروه پیوست').waitFor();
    const members = await platform.gql(`query($c:ID!){ conversation(id:$c){ memberCount } }`, { c: id }, owner.token);
    expect(members.data.conversation.memberCount).toBe(2);

    // A channel: its page, which the reader may subscribe to.
    await reader.page.goto(`/@${channel}`);
    await reader.page.getByRole('heading', { name: 'خبرهای کوه' }).waitFor();
    expect(new URL(reader.page.url()).pathname).toBe(`/news/c/${channel}`);
    await reader.page.getByRole('button', { name: 'عضویت' }).waitFor();

    // A handle nobody has says so.
    await reader.page.goto('/@nobody_has_this_handle');
    await reader.page.getByText('کسی یا چیزی با نام').waitFor();
    await owner.context.close();
    await reader.context.close();
  });

  it('mentioning someone with the picker shows them an @ badge and a jump to the mention', async () => {
    const sara = await person('سارا');
    const reza = await person('رضا');
    const id = await createGroup(sara.token, 'همکاران', [reza.userId]);
    // Reza has read the group so far; he waits in his chat list.
    await reza.page
      .getByRole('list', { name: 'گفتگوها' })
      .getByRole('link', { name: /همکاران/ })
      .waitFor();

    await sara.page.goto(`/chats/${id}`);
    const box = sara.page.getByLabel('متن پیام');
    await box.waitFor();
    await box.pressSequentially('جلسه ساعت ده، @ر', { delay: 20 });
    await sara.page.getByRole('listbox', { name: 'اشاره به عضو' }).getByRole('option', { name: /رضا/ }).click();
    await box.pressSequentially('لطفاً بیا', { delay: 10 });
    expect(await box.inputValue()).toBe(`جلسه ساعت ده، @${reza.username} لطفاً بیا`);
    await box.press('Enter');
    for (let i = 0; i < 12; i++) await send(sara.page, `پیام بعدی ${fa(i)}`);
    await bubble(sara.page, `پیام بعدی ${fa(11)}`).waitFor();
    await bubble(sara.page, 'جلسه ساعت ده').locator('a.mention').getByText(`@${reza.username}`).waitFor();

    const row = reza.page.getByRole('list', { name: 'گفتگوها' }).getByRole('link', { name: /همکاران/ });
    await row.getByLabel(`${fa(1)} اشاره به شما`).waitFor();
    await screenshots(reza.page, 'mention-badge', ['desktop']);
    await row.click();
    const jump = reza.page.getByRole('button', { name: /رفتن به اشاره به شما/ });
    await jump.click();
    await waitFor(async () => (await bubble(reza.page, 'جلسه ساعت ده').getAttribute('class'))?.includes('highlight'));
    await waitFor(async () => (await jump.count()) === 0);
    // Read now: the badge is gone from the list.
    await waitFor(async () => (await row.getByLabel(/اشاره به شما/).count()) === 0);

    // Reporting a message keeps it for the operators.
    const reported = bubble(reza.page, 'پیام بعدی ۱۱');
    await reported.hover();
    await reported.getByRole('button', { name: 'گزارش' }).click();
    await reza.page.getByLabel('دلیل').selectOption('SPAM');
    await reza.page.getByRole('button', { name: 'فرستادن گزارش' }).click();
    await reza.page.getByText('گزارش فرستاده شد').waitFor();
    const db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    const rows = (await db.query(`SELECT reason, reporter_id, reported_user_id FROM messaging.reports`)).rows;
    await db.end();
    expect(rows).toEqual([{ reason: 'SPAM', reporter_id: reza.userId, reported_user_id: sara.userId }]);
  });
});
