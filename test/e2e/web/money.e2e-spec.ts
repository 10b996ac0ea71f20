import { Browser } from 'playwright-core';
import { TestPlatform } from '@test/support';
import { makeBill } from '../../../apps/payments/src/bills/bill.rules';
import { axeBothSchemes, fa, launchChromium, screenshots, startWebPlatform, waitFor } from './support/browser';
import { bubble, fund, person, send, startChat } from './support/people';

jest.setTimeout(240_000);

const balance = async (platform: TestPlatform, token: string) =>
  (await platform.gql('{ wallet { balance } }', {}, token)).data.wallet.balance as string;

describe('web app: money and sharing in chats', () => {
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

  it('sends money from a chat, pays a bill with its receipt in the chat, and shares a news post there', async () => {
    const sina = await person(browser, platform, 'سینا');
    const mina = await person(browser, platform, 'مینا');
    await fund(platform, sina.token, '3000000', 'sina-fund');
    await waitFor(async () => (await balance(platform, sina.token)) === '3000000');
    const conversationId = await startChat(sina, mina);
    await send(sina.page, 'سلام مینا، سهم ناهار را می‌فرستم');
    await mina.page.getByRole('list', { name: 'گفتگوها' }).getByRole('link', { name: /سینا/ }).click();
    await bubble(mina.page, 'سهم ناهار').waitFor();

    // Money from the chat: the PAYMENT message shows on both sides; balances move.
    await sina.page.getByRole('button', { name: 'ارسال پول' }).first().click();
    await sina.page.getByLabel('مبلغ (ریال)').fill('۴۵۰٬۰۰۰');
    await sina.page.getByLabel('یادداشت (اختیاری)').fill('ناهار');
    await sina.page.getByRole('dialog').getByRole('button', { name: 'ادامه' }).click();
    // Nothing moves before the confirmation sheet: who, how much, then one click.
    const sheet = sina.page.getByRole('dialog', { name: 'تأیید انتقال پول' });
    await sheet.getByTestId('confirm-amount').getByText('۴۵۰٬۰۰۰ ریال').waitFor();
    await sheet.getByText(mina.name).waitFor();
    expect(await axeBothSchemes(sina.page)).toEqual([]);
    await sheet.getByRole('button', { name: 'انصراف' }).click();
    expect(await balance(platform, sina.token)).toBe('3000000');
    await sina.page.getByRole('dialog').getByRole('button', { name: 'ادامه' }).click();
    await sheet.getByRole('button', { name: 'تأیید و ارسال' }).click();
    const payment = bubble(mina.page, 'انتقال وجه');
    await payment.getByText('۴۵۰٬۰۰۰ ریال').waitFor();
    await payment.getByText('«ناهار»').waitFor();
    await bubble(sina.page, 'انتقال وجه').getByText('۴۵۰٬۰۰۰ ریال').waitFor();
    expect(await balance(platform, mina.token)).toBe('450000');
    expect(await balance(platform, sina.token)).toBe('2550000');
    expect(await axeBothSchemes(mina.page)).toEqual([]);
    await screenshots(mina.page, 'chat-payment');
    await mina.page.getByRole('link', { name: 'کیف پول' }).click();
    await mina.page.getByTestId('balance').getByText('۴۵۰٬۰۰۰ ریال').waitFor();
    await mina.page.getByRole('list', { name: 'تراکنش‌ها' }).getByText(`دریافت از ${sina.name}`).waitFor();

    // A bill paid with its receipt sent into the chat (a BILL_PAYMENT message).
    const bill = makeBill('7001234', '205', 1, 320, 5, 8);
    await sina.page.getByRole('link', { name: 'قبض' }).click();
    await sina.page.getByLabel('شناسهٔ قبض').fill(fa(bill.billId));
    await sina.page.getByLabel('شناسهٔ پرداخت').fill(fa(bill.paymentId));
    await sina.page.getByRole('button', { name: 'استعلام قبض' }).click();
    await sina.page.getByRole('heading', { name: 'قبض آب' }).waitFor();
    await sina.page.getByLabel('فرستادن رسید به گفتگو (اختیاری)').selectOption({ label: mina.name });
    await sina.page.getByRole('button', { name: /پرداخت ۳۲۰٬۰۰۰ ریال/ }).click();
    await sina.page.getByRole('dialog', { name: 'تأیید پرداخت قبض' }).getByRole('button', { name: 'تأیید و پرداخت' }).click();
    const tracking = fa((await sina.page.getByTestId('tracking-code').getAttribute('data-value'))!);
    await mina.page.getByRole('link', { name: 'گفتگوها' }).click();
    await mina.page.getByRole('list', { name: 'گفتگوها' }).getByRole('link', { name: /سینا/ }).click();
    await bubble(mina.page, 'رسید پرداخت قبض آب').getByText(tracking).waitFor();

    // The receipt shared again afterwards, as a message.
    await sina.page.getByRole('button', { name: 'فرستادن رسید در گفتگو' }).click();
    await sina.page
      .getByRole('dialog')
      .getByRole('button', { name: new RegExp(mina.name) })
      .click();
    await bubble(mina.page, `کد پیگیری: ${tracking}`).filter({ hasText: 'رسید پرداخت قبض' }).last().waitFor();

    // A news post shared into the chat (POST_SHARE).
    const channel = await platform.gql(
      'mutation($i:CreateChannelInput!){ createChannel(input:$i){ id handle } }',
      { i: { handle: `eghtesad_${Date.now().toString(36)}`, title: 'اقتصاد امروز' } },
      mina.token,
    );
    await platform.gql(
      'mutation($i:PublishPostInput!){ publishPost(input:$i){ id } }',
      { i: { channelId: channel.data.createChannel.id, title: 'نرخ تورم', text: 'نرخ تورم ماهانه اعلام شد.' } },
      mina.token,
    );
    await sina.page.goto(`/news/c/${channel.data.createChannel.handle}`);
    const post = sina.page.getByRole('article').filter({ hasText: 'نرخ تورم' });
    await post.getByRole('button', { name: 'هم‌رسانی در گفتگو' }).click();
    await sina.page
      .getByRole('dialog')
      .getByRole('button', { name: new RegExp(mina.name) })
      .click();
    await bubble(mina.page, 'اقتصاد امروز').filter({ hasText: 'نرخ تورم ماهانه' }).waitFor();

    const kinds = await platform.gql(
      'query($c:ID!){ messages(conversationId:$c, last:20){ edges { node { kind } } } }',
      { c: conversationId },
      mina.token,
    );
    expect(kinds.data.messages.edges.map((e: { node: { kind: string } }) => e.node.kind)).toEqual([
      'TEXT',
      'PAYMENT',
      'BILL_PAYMENT',
      'TEXT',
      'POST_SHARE',
    ]);
    await sina.context.close();
    await mina.context.close();
  });

  it('asks for the two-step password above the amount the person chose, and moves nothing on a wrong one', async () => {
    const sara = await person(browser, platform, 'سارا');
    const omid = await person(browser, platform, 'امید');
    await fund(platform, sara.token, '2000000', 'sara-fund');
    await waitFor(async () => (await balance(platform, sara.token)) === '2000000');
    const set = await platform.gql('mutation { setTwoStepPassword(newPassword: "ramz-e-sara") }', {}, sara.token);
    expect(set.data.setTwoStepPassword).toBe(true);

    await sara.page.getByRole('link', { name: 'تنظیمات' }).click();
    await sara.page.getByLabel('رمز بخواه برای بیش از (ریال)').fill('۱۰۰٬۰۰۰');
    await sara.page.getByRole('button', { name: 'ذخیره', exact: true }).last().click();
    await sara.page.getByText('پرداخت‌ها و انتقال‌های بیش از ۱۰۰٬۰۰۰ ریال رمز دومرحله‌ای هم می‌خواهند.').waitFor();

    await startChat(sara, omid);
    const sendMoney = async (amount: string) => {
      await sara.page.getByRole('button', { name: 'ارسال پول' }).first().click();
      await sara.page.getByLabel('مبلغ (ریال)').fill(amount);
      await sara.page.getByRole('dialog').getByRole('button', { name: 'ادامه' }).click();
      return sara.page.getByRole('dialog', { name: 'تأیید انتقال پول' });
    };
    // Below the limit: no password.
    let sheet = await sendMoney('۵۰٬۰۰۰');
    expect(await sheet.getByLabel('رمز دومرحله‌ای').count()).toBe(0);
    await sheet.getByRole('button', { name: 'تأیید و ارسال' }).click();
    await waitFor(async () => (await balance(platform, omid.token)) === '50000');

    // Above it: the password, checked by the server.
    sheet = await sendMoney('۳۰۰٬۰۰۰');
    await sheet.getByLabel('رمز دومرحله‌ای').fill('wrong-one');
    await sheet.getByRole('button', { name: 'تأیید و ارسال' }).click();
    await sheet.getByRole('alert').getByText('رمز دومرحله‌ای درست نیست.').waitFor();
    expect(await balance(platform, omid.token)).toBe('50000');
    await sheet.getByLabel('رمز دومرحله‌ای').fill('ramz-e-sara');
    await sheet.getByRole('button', { name: 'تأیید و ارسال' }).click();
    await waitFor(async () => (await balance(platform, omid.token)) === '350000');
    expect(await balance(platform, sara.token)).toBe('1650000');
    await sara.context.close();
    await omid.context.close();
  });
});
