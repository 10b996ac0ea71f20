import { Browser } from 'playwright-core';
import { TestPlatform } from '@test/support';
import { axeBothSchemes, fa, launchChromium, PHONE, screenshots, startWebPlatform, waitFor } from './support/browser';
import { bubble, bubbles, person as signUp, send, startChat } from './support/people';

jest.setTimeout(240_000);

describe('web app: chats', () => {
  let platform: TestPlatform;
  let browser: Browser;

  beforeAll(async () => {
    platform = await startWebPlatform(['accounts', 'messaging']);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  const person = (name: string, viewport?: { width: number; height: number }) => signUp(browser, platform, name, viewport);

  it('two people chat live: unread badge, read ticks, typing, reply, edit, reactions, delete, search', async () => {
    const maryam = await person('مریم');
    const ali = await person('علی');
    await startChat(maryam, ali);

    await send(maryam.page, 'سلام علی! How are you?');
    await bubble(maryam.page, 'How are you?').getByRole('img', { name: 'ارسال شد' }).waitFor();
    expect(await bubble(maryam.page, 'How are you?').locator('.text').getAttribute('dir')).toBe('auto');

    // Ali's list shows the new conversation live, with its unread count and preview.
    const row = ali.page.getByRole('list', { name: 'گفتگوها' }).getByRole('link', { name: /مریم/ });
    await row.getByText('سلام علی! How are you?').waitFor();
    await row.getByLabel(`${fa(1)} نخوانده`).waitFor();
    await ali.page
      .getByRole('link', { name: 'گفتگوها' })
      .getByLabel(`${fa(1)} پیام نخوانده`)
      .waitFor();
    await row.click();
    await bubble(ali.page, 'How are you?').waitFor();
    await bubble(maryam.page, 'How are you?').getByRole('img', { name: 'خوانده شد' }).waitFor();
    await waitFor(async () => (await row.getByLabel(/نخوانده/).count()) === 0);

    // Typing shows on the other side.
    await ali.page.getByLabel('متن پیام').pressSequentially('خوبم', { delay: 30 });
    await maryam.page.getByText('در حال نوشتن…').waitFor();
    await ali.page.getByLabel('متن پیام').fill('');

    // Reply.
    await bubble(ali.page, 'How are you?').hover();
    await bubble(ali.page, 'How are you?').getByRole('button', { name: 'پاسخ' }).click();
    await send(ali.page, 'خوبم، ممنون 🌸');
    await bubbles(maryam.page).filter({ hasText: 'خوبم، ممنون' }).locator('.quote').getByText('How are you?').waitFor();

    // Edit.
    await bubble(maryam.page, 'How are you?').hover();
    await bubble(maryam.page, 'How are you?').getByRole('button', { name: 'ویرایش' }).click();
    await send(maryam.page, 'سلام علی! How are you today?');
    await bubble(ali.page, 'How are you today?').getByText('ویرایش‌شده').waitFor();

    // Reaction.
    await bubble(ali.page, 'How are you today?').hover();
    await bubble(ali.page, 'How are you today?').getByRole('button', { name: 'واکنش', exact: true }).click();
    await ali.page.getByRole('button', { name: 'واکنش 👍' }).click();
    await bubble(maryam.page, 'How are you today?').getByRole('button', { name: '👍 ۱' }).waitFor();

    // Delete for everyone.
    await send(maryam.page, 'این پیام اشتباه بود');
    await bubble(ali.page, 'این پیام اشتباه بود').waitFor();
    await bubble(maryam.page, 'این پیام اشتباه بود').hover();
    await bubble(maryam.page, 'این پیام اشتباه بود').getByRole('button', { name: 'حذف' }).click();
    await maryam.page.getByRole('button', { name: 'حذف برای همه' }).click();
    await waitFor(async () => (await bubble(ali.page, 'این پیام اشتباه بود').count()) === 0);
    await bubble(ali.page, 'این پیام حذف شد').waitFor();

    // Search in this chat, and across chats (Persian-normalized: ي and ی match).
    await maryam.page.getByRole('button', { name: 'جستجو در گفتگو' }).click();
    await maryam.page.getByLabel('عبارت جستجو').fill('ممنون');
    await maryam.page.getByRole('dialog').getByRole('button', { name: /ممنون/ }).click();
    await maryam.page.locator('.msg.highlight').filter({ hasText: 'ممنون' }).waitFor();
    await ali.page.getByLabel('جستجو در گفتگوها، افراد و پیام‌ها').fill('علي');
    await ali.page.getByRole('heading', { name: 'پیام‌ها' }).waitFor();
    await ali.page.getByLabel('جستجو در گفتگوها، افراد و پیام‌ها').fill('');

    expect(await axeBothSchemes(ali.page)).toEqual([]);
    await screenshots(ali.page, 'chat');
    await maryam.page.goto('/chats');
    await maryam.page.getByRole('list', { name: 'گفتگوها' }).getByRole('link', { name: /علی/ }).waitFor();
    await screenshots(maryam.page, 'chat-list', ['phone']);
    await maryam.context.close();
    await ali.context.close();
  });

  it('loads history as you scroll up', async () => {
    const a = await person('نگار');
    const b = await person('بهرام', PHONE);
    const conv = await platform.gql('mutation($u:ID!){ startDirectConversation(userId:$u){ id } }', { u: b.userId }, a.token);
    const id = conv.data.startDirectConversation.id;
    for (let i = 1; i <= 70; i++) {
      const r = await platform.gql(
        'mutation($i:SendMessageInput!){ sendMessage(input:$i){ seq } }',
        { i: { conversationId: id, clientId: `h${i}`, text: `پیام شمارهٔ ${i}` } },
        a.token,
      );
      expect(r.errors).toBeUndefined();
    }
    await b.page.goto(`/chats/${id}`);
    await bubble(b.page, 'پیام شمارهٔ 70').waitFor();
    expect(await bubble(b.page, 'پیام شمارهٔ 1').count()).toBe(0);
    // Each scroll to the top asks for the page before (three pages of history); a loaded machine may take a while per page.
    for (let i = 0; i < 40 && (await bubble(b.page, /^پیام شمارهٔ 1(?!\d)/ as unknown as string).count()) === 0; i++) {
      // Down a little, then to the top: a scroll up that reaches the top, as a reader's (already at the top, scrollTo fires nothing).
      await b.page.getByRole('log', { name: 'پیام‌ها' }).evaluate((el) => el.scrollTo(0, 400));
      await b.page.getByRole('log', { name: 'پیام‌ها' }).evaluate((el) => el.scrollTo(0, 0));
      await b.page.waitForTimeout(500);
    }
    await b.page.getByRole('log', { name: 'پیام‌ها' }).locator('#m-1').waitFor();
    expect(await bubbles(b.page).count()).toBe(70);
    await a.context.close();
    await b.context.close();
  });

  it('shows a message at once as pending, retries it after a lost answer or a dropped gateway, never twice; catches up after the socket drops', async () => {
    const a = await person('آرش');
    const b = await person('بیتا');
    const id = await startChat(a, b);
    await send(a.page, 'شروع');
    await b.page.getByRole('list', { name: 'گفتگوها' }).getByRole('link', { name: /آرش/ }).click();
    await bubble(b.page, 'شروع').waitFor();

    // The answer to sendMessage is lost after the server stored the message: the retry, with the same clientId, returns it.
    let dropped = 0;
    let lost!: () => void;
    const answerLost = new Promise<void>((r) => (lost = r));
    await a.page.route('**/graphql', async (route) => {
      const body = route.request().postData() ?? '';
      if (!dropped && body.includes('sendMessage') && body.includes('پاسخ گم‌شده')) {
        dropped++;
        await route.fetch().catch(() => undefined); // the server stores the message…
        await route.abort('connectionreset').catch(() => undefined); // …and the answer never arrives
        return lost();
      }
      return route.continue().catch(() => undefined);
    });
    await send(a.page, 'پاسخ گم‌شده');
    await answerLost;
    await bubble(a.page, 'پاسخ گم‌شده').getByRole('img', { name: 'ارسال شد' }).waitFor();
    expect(dropped).toBe(1);
    await a.page.unroute('**/graphql');

    // The gateway both pages talk to goes away: B goes on through another gateway; A writes while offline.
    const gateway = platform.gateways[0];
    const port = new URL(gateway.url).port;
    const other = await platform.startGateway();
    // Dropped, not drained: open connections are cut (a graceful close would wait out HTTP keep-alive).
    const cut = setInterval(() => gateway.app.getHttpServer().closeAllConnections(), 50);
    await gateway.close().finally(() => clearInterval(cut));
    platform.gateways.splice(platform.gateways.indexOf(gateway), 1);
    await a.page
      .getByRole('status')
      .filter({ hasText: /در حال اتصال|در انتظار شبکه/ })
      .first()
      .waitFor();
    for (const text of ['اولی در قطعی', 'دومی در قطعی', 'سومی در قطعی']) {
      const r = await platform.gql(
        'mutation($i:SendMessageInput!){ sendMessage(input:$i){ seq } }',
        { i: { conversationId: id, clientId: text, text } },
        b.token,
        other.url,
      );
      expect(r.errors).toBeUndefined();
    }
    await send(a.page, 'نوشته در قطعی');
    await bubble(a.page, 'نوشته در قطعی').getByRole('img', { name: 'در حال ارسال' }).waitFor();
    await a.page.waitForTimeout(1500); // a few failed attempts, each with the same clientId

    // Back on the same address: A's socket resumes after its last cursor and shows what it missed; the pending message goes once.
    await platform.startGateway({ PORT: port });
    for (const text of ['اولی در قطعی', 'دومی در قطعی', 'سومی در قطعی']) await bubble(a.page, text).waitFor();
    await bubble(a.page, 'نوشته در قطعی')
      .getByRole('img', { name: /ارسال شد|خوانده شد/ })
      .waitFor({ timeout: 30_000 });
    await bubble(b.page, 'نوشته در قطعی').waitFor({ timeout: 30_000 });
    expect(await bubble(a.page, 'نوشته در قطعی').count()).toBe(1);
    expect(await bubble(a.page, 'پاسخ گم‌شده').count()).toBe(1);
    const stored = await platform.gql(
      'query($c:ID!){ messages(conversationId:$c, last:100){ edges { node { text } } } }',
      { c: id },
      a.token,
      other.url,
    );
    const texts = stored.data.messages.edges.map((e: { node: { text: string } }) => e.node.text);
    expect(texts.filter((t: string) => t === 'نوشته در قطعی')).toHaveLength(1);
    expect(texts.filter((t: string) => t === 'پاسخ گم‌شده')).toHaveLength(1);
    expect(texts).toHaveLength(6);

    // Unread counts agree with the server's after all of it: B leaves the chat, A writes twice more.
    await b.page.getByRole('link', { name: 'گفتگوها' }).click();
    await b.page.goto('/settings');
    await send(a.page, 'یک');
    await send(a.page, 'دو');
    await b.page.getByRole('link', { name: 'گفتگوها' }).click();
    const server = async () =>
      (await platform.gql('query($c:ID!){ conversation(id:$c){ unreadCount } }', { c: id }, b.token, other.url)).data.conversation
        .unreadCount;
    // (B may or may not have read the last message before leaving: what counts is that B's badge says what the server says.)
    const unread = await waitFor(async () => {
      const n = await server();
      return n >= 2 ? n : undefined;
    });
    await b.page
      .getByRole('list', { name: 'گفتگوها' })
      .getByLabel(`${fa(unread)} نخوانده`)
      .waitFor();
    await b.page
      .getByRole('link', { name: 'گفتگوها' })
      .getByLabel(`${fa(unread)} پیام نخوانده`)
      .waitFor();
    await a.context.close();
    await b.context.close();
  });

  it('creates a group, adds and removes members', async () => {
    const owner = await person('شیرین');
    const m1 = await person('کامران');
    const m2 = await person('لیلا');
    await owner.page.getByRole('button', { name: 'گروه تازه' }).click();
    await owner.page.getByLabel('نام گروه').fill('خانواده 👪');
    await owner.page.getByLabel('افزودن عضو').fill(`@${m1.username}`);
    await owner.page
      .getByRole('dialog')
      .getByRole('button', { name: new RegExp(m1.name) })
      .click();
    await owner.page.getByRole('button', { name: 'ساخت گروه' }).click();
    await owner.page.getByRole('log', { name: 'پیام‌ها' }).waitFor();
    await send(owner.page, 'به گروه خوش آمدید');
    await m1.page
      .getByRole('list', { name: 'گفتگوها' })
      .getByRole('link', { name: /خانواده/ })
      .click();
    await bubble(m1.page, 'به گروه خوش آمدید').getByText('شیرین').waitFor();

    await owner.page.getByRole('button', { name: 'خانواده 👪', exact: true }).click();
    await owner.page.getByRole('dialog').getByLabel('افزودن عضو').fill(`@${m2.username}`);
    await owner.page
      .getByRole('dialog')
      .getByRole('list', { name: 'نتیجه‌ها' })
      .getByRole('button', { name: new RegExp(m2.name) })
      .click();
    await owner.page.getByRole('dialog').getByRole('list', { name: 'اعضا' }).getByText(m2.name).waitFor();
    await m2.page
      .getByRole('list', { name: 'گفتگوها' })
      .getByRole('link', { name: /خانواده/ })
      .waitFor();
    expect(await axeBothSchemes(owner.page)).toEqual([]);
    await owner.page
      .getByRole('dialog')
      .getByRole('button', { name: `حذف ${m1.name} از گروه` })
      .click();
    await waitFor(async () => (await owner.page.getByRole('dialog').getByRole('list', { name: 'اعضا' }).getByText(m1.name).count()) === 0);
    const members = await platform.gql('{ conversations { edges { node { title memberCount } } } }', {}, owner.token);
    expect(members.data.conversations.edges[0].node).toEqual({ title: 'خانواده 👪', memberCount: 2 });
    await owner.context.close();
    await m1.context.close();
    await m2.context.close();
  });
});
