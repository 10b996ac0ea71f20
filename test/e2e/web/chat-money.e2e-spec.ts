import { Browser } from 'playwright-core';
import { TestPlatform } from '@test/support';
import { makeBill } from '../../../apps/payments/src/bills/bill.rules';
import { verifyLedger } from '../../../apps/payments/src/ledger/ledger-verify';
import { axeViolations, fa, launchChromium, screenshots, startWebPlatform, waitFor } from './support/browser';
import { bubble, fund, person, send, startChat } from './support/people';

jest.setTimeout(240_000);

const balance = async (platform: TestPlatform, token: string) =>
  (await platform.gql('{ wallet { balance } }', {}, token)).data.wallet.balance as string;

describe('web app: money requests and split bills in chats', () => {
  let platform: TestPlatform;
  let browser: Browser;

  beforeAll(async () => {
    platform = await startWebPlatform(['accounts', 'messaging', 'payments']);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });
  afterEach(async () => {
    if (platform) expect((await verifyLedger(platform.databaseUrl)).problems).toEqual([]);
  });

  it('asks for money in a chat; the other pays from the card, which turns paid in both windows', async () => {
    const sara = await person(browser, platform, 'سارا');
    const nima = await person(browser, platform, 'نیما');
    await fund(platform, nima.token, '1000000', 'nima-fund');
    await waitFor(async () => (await balance(platform, nima.token)) === '1000000');
    await startChat(sara, nima);
    await send(sara.page, 'سهم بلیت سینما');
    await nima.page.getByRole('list', { name: 'گفتگوها' }).getByRole('link', { name: /سارا/ }).click();
    await bubble(nima.page, 'سهم بلیت').waitFor();

    await sara.page.getByRole('button', { name: 'درخواست پول' }).click();
    await sara.page.getByLabel('مبلغ (ریال)').fill('۲۵۰٬۰۰۰');
    await sara.page.getByLabel('بابت (اختیاری)').fill('بلیت');
    await sara.page.getByRole('dialog').getByRole('button', { name: 'فرستادن درخواست' }).click();

    const card = bubble(nima.page, 'درخواست پول');
    await card.getByText('۲۵۰٬۰۰۰ ریال').first().waitFor();
    await card.getByText('(۲۵٬۰۰۰ تومان)').waitFor();
    await card.getByText('در انتظار پرداخت').waitFor();
    await bubble(sara.page, 'درخواست پول').getByRole('button', { name: 'لغو درخواست' }).waitFor();
    expect(
      await bubble(sara.page, 'درخواست پول')
        .getByRole('button', { name: /^پرداخت/ })
        .count(),
    ).toBe(0);
    await card.getByRole('button', { name: 'پرداخت ۲۵۰٬۰۰۰ ریال' }).click();
    // The confirmation sheet: to whom and how much, before any money moves.
    const sheet = nima.page.getByRole('dialog', { name: 'تأیید پرداخت درخواست' });
    await sheet.getByTestId('confirm-amount').getByText('۲۵۰٬۰۰۰ ریال').waitFor();
    await sheet.getByText(sara.name).waitFor();
    expect(await balance(platform, nima.token)).toBe('1000000');
    await sheet.getByRole('button', { name: 'تأیید و پرداخت' }).click();

    await card.getByText(`پرداخت شد توسط ${nima.name}`).waitFor();
    await bubble(sara.page, 'درخواست پول').getByText(`پرداخت شد توسط ${nima.name}`).waitFor();
    expect(await card.getByRole('button').filter({ hasText: 'پرداخت' }).count()).toBe(0);
    expect(await balance(platform, sara.token)).toBe('250000');
    expect(await balance(platform, nima.token)).toBe('750000');
    expect(await axeViolations(sara.page)).toEqual([]);
    await screenshots(sara.page, 'chat-money-request');
  });

  it('splits a bill between three in a group; each pays a share, the bill is paid once and the receipt shows to all', async () => {
    const people = [
      await person(browser, platform, 'آرش'),
      await person(browser, platform, 'بهار'),
      await person(browser, platform, 'کاوه'),
    ];
    const [arash, bahar, kaveh] = people;
    for (const [i, p] of people.entries()) await fund(platform, p.token, '500000', `split-fund-${i}`);
    await waitFor(async () => (await balance(platform, kaveh.token)) === '500000');
    const group = await platform.gql(
      'mutation($t:String!,$m:[ID!]!){ createGroup(title:$t, memberIds:$m){ id } }',
      { t: 'خانهٔ مشترک', m: [bahar.userId, kaveh.userId] },
      arash.token,
    );
    const id = group.data.createGroup.id as string;
    for (const p of people) await p.page.goto(`/chats/${id}`);
    await arash.page.getByRole('log', { name: 'پیام‌ها' }).waitFor();

    const bill = makeBill('8801234', '315', 2, 360, 5, 9);
    await arash.page.getByRole('button', { name: 'تقسیم قبض' }).click();
    const dialog = arash.page.getByRole('dialog');
    await dialog.getByLabel('شناسهٔ قبض').fill(fa(bill.billId));
    await dialog.getByLabel('شناسهٔ پرداخت').fill(fa(bill.paymentId));
    await dialog.getByRole('button', { name: 'تقسیم قبض' }).click();

    for (const p of people) {
      const card = bubble(p.page, 'قبض برق مشترک');
      await card.getByText('در حال جمع‌آوری سهم‌ها').waitFor();
      await card.getByRole('button', { name: 'پرداخت سهم ۱۲۰٬۰۰۰ ریال' }).click();
      await p.page.getByRole('dialog', { name: 'تأیید پرداخت سهم قبض' }).getByRole('button', { name: 'تأیید و پرداخت' }).click();
      await card.getByText(`${p.name}: ۱۲۰٬۰۰۰ ریال — ✓ پرداخت کرد`).waitFor();
    }
    for (const p of people) {
      const card = bubble(p.page, 'قبض برق مشترک');
      await card.getByText('قبض پرداخت شد').waitFor();
      await card.getByTestId('split-receipt').waitFor();
      await card.getByText('جمع‌شده: ۳۶۰٬۰۰۰ ریال از ۳۶۰٬۰۰۰ ریال').waitFor();
      expect(await balance(platform, p.token)).toBe('380000');
    }
    const receipt = await bubble(kaveh.page, 'قبض برق مشترک').getByTestId('split-receipt').textContent();
    expect(receipt).toMatch(/کد پیگیری: \d{12}/);
    expect(await axeViolations(kaveh.page)).toEqual([]);
    await screenshots(kaveh.page, 'chat-bill-split');
    // The share in the wallet's history.
    await kaveh.page.getByRole('link', { name: 'کیف پول' }).click();
    await kaveh.page.getByRole('list', { name: 'تراکنش‌ها' }).getByText('سهم قبض گروهی').first().waitFor();
  });
});
