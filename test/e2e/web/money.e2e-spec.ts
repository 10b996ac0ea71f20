import { Browser } from 'playwright-core';
import { TestPlatform } from '@test/support';
import { makeBill } from '../../../apps/payments/src/bills/bill.rules';
import { axeViolations, fa, launchChromium, screenshots, startWebPlatform, waitFor } from './support/browser';
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
    await sina.page.getByRole('dialog').getByRole('button', { name: 'ارسال پول' }).click();
    const payment = bubble(mina.page, 'انتقال وجه');
    await payment.getByText('۴۵۰٬۰۰۰ ریال').waitFor();
    await payment.getByText('«ناهار»').waitFor();
    await bubble(sina.page, 'انتقال وجه').getByText('۴۵۰٬۰۰۰ ریال').waitFor();
    expect(await balance(platform, mina.token)).toBe('450000');
    expect(await balance(platform, sina.token)).toBe('2550000');
    expect(await axeViolations(mina.page)).toEqual([]);
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
});
