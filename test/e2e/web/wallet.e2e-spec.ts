import { Browser } from 'playwright-core';
import { TestPlatform } from '@test/support';
import { makeBill } from '../../../apps/payments/src/bills/bill.rules';
import {
  axeBothSchemes,
  copiedText,
  fa,
  launchChromium,
  newPerson,
  screenshots,
  signUpInUi,
  startWebPlatform,
  waitFor,
  readAuth,
} from './support/browser';

jest.setTimeout(240_000);

const balanceOf = async (platform: TestPlatform, token: string) =>
  (await platform.gql('{ wallet { balance } }', {}, token)).data.wallet.balance as string;

describe('web app: wallet and bills', () => {
  let platform: TestPlatform;
  let browser: Browser;

  beforeAll(async () => {
    platform = await startWebPlatform(['accounts', 'payments']);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('tops up through the sandbox bank and back; the balance follows live; toman display', async () => {
    const { context, page } = await newPerson(browser, platform);
    await signUpInUi(page, platform, 'کیوان');
    const token = (await readAuth(page)).accessToken;
    await page.getByRole('link', { name: 'کیف پول' }).click();
    await page
      .getByTestId('balance')
      .getByText(`${fa(0)} ریال`)
      .waitFor();

    await page.getByRole('button', { name: 'افزایش موجودی' }).click();
    await page.getByLabel('مبلغ (ریال)').fill('۲۵۰۰۰۰۰');
    await page.getByText('۲٬۵۰۰٬۰۰۰ ریال').first().waitFor();
    await page.getByRole('button', { name: 'پرداخت با درگاه بانکی' }).click();
    await page.waitForURL(/\/payments\/ipg\/sandbox\/pay\//);
    await page.getByRole('button', { name: 'پرداخت', exact: true }).click();
    // The bank's return lands in the app, which shows how it went.
    await page.waitForURL(/\/wallet\?topUp=/);
    await page.getByRole('status').getByText('افزایش موجودی ۲٬۵۰۰٬۰۰۰ ریال انجام شد.').waitFor();
    await page.getByTestId('balance').getByText('۲٬۵۰۰٬۰۰۰ ریال').waitFor();
    await page.getByRole('list', { name: 'تراکنش‌ها' }).getByText('افزایش موجودی', { exact: true }).waitFor();
    expect(await balanceOf(platform, token)).toBe('2500000');

    // A second top-up paid elsewhere (another device): walletChanged brings the balance here live.
    const started = await platform.gql(
      'mutation { startTopUp(amount: "1000000", idempotencyKey: "second-device") { paymentUrl } }',
      {},
      token,
    );
    const pay = await fetch(started.data.startTopUp.paymentUrl, {
      method: 'POST',
      body: new URLSearchParams({ action: 'pay' }),
      redirect: 'manual',
    });
    await fetch(pay.headers.get('location')!);
    await page.getByTestId('balance').getByText('۳٬۵۰۰٬۰۰۰ ریال').waitFor();

    expect(await axeBothSchemes(page)).toEqual([]);
    await screenshots(page, 'wallet');

    await page.getByRole('link', { name: 'تنظیمات' }).click();
    await page.getByLabel('نمایش مبلغ‌ها به تومان').check();
    await page.getByRole('link', { name: 'کیف پول' }).click();
    await page.getByTestId('balance').getByText('۳۵۰٬۰۰۰ تومان').waitFor();
    await context.close();
  });

  it('pays a bill typed in Persian digits, shows type and amount first, then the receipt; reads a barcode; explains a mistyped bill', async () => {
    const { context, page } = await newPerson(browser, platform);
    await signUpInUi(page, platform, 'پریسا');
    const token = (await readAuth(page)).accessToken;
    const topUp = await platform.gql('mutation { startTopUp(amount: "5000000", idempotencyKey: "fund") { paymentUrl } }', {}, token);
    const pay = await fetch(topUp.data.startTopUp.paymentUrl, {
      method: 'POST',
      body: new URLSearchParams({ action: 'pay' }),
      redirect: 'manual',
    });
    await fetch(pay.headers.get('location')!);
    await waitFor(async () => (await balanceOf(platform, token)) === '5000000');

    const bill = makeBill('8812345', '102', 2, 1250, 5, 9);
    await page.getByRole('link', { name: 'قبض' }).click();
    // A mistyped bill id: the reason, in Persian.
    await page.getByLabel('شناسهٔ قبض').fill(fa(bill.billId.slice(0, -1) + ((Number(bill.billId.at(-1)) + 1) % 10)));
    await page.getByLabel('شناسهٔ پرداخت').fill(fa(bill.paymentId));
    await page.getByRole('button', { name: 'استعلام قبض' }).click();
    await page.getByRole('alert').getByText('شناسهٔ قبض درست نیست (رقم کنترل).').waitFor();

    await page.getByLabel('شناسهٔ قبض').fill(fa(bill.billId).replace(/(.{4})/, '$1 '));
    await page.getByRole('button', { name: 'استعلام قبض' }).click();
    await page.getByRole('heading', { name: 'قبض برق' }).waitFor();
    await page.getByTestId('bill-amount').getByText('۱٬۲۵۰٬۰۰۰ ریال').waitFor();
    expect(await axeBothSchemes(page)).toEqual([]);
    await screenshots(page, 'bill');
    await page.getByRole('button', { name: /پرداخت ۱٬۲۵۰٬۰۰۰ ریال از کیف پول/ }).click();
    const sheet = page.getByRole('dialog', { name: 'تأیید پرداخت قبض' });
    await sheet.getByTestId('confirm-amount').getByText('۱٬۲۵۰٬۰۰۰ ریال').waitFor();
    await sheet.getByText('برق').waitFor();
    await sheet.getByRole('button', { name: 'تأیید و پرداخت' }).click();
    await page.getByRole('heading', { name: '✔ قبض پرداخت شد' }).waitFor();
    // Shown with Persian digits, copied with Latin ones.
    const code = page.getByTestId('tracking-code');
    const tracking = (await code.getAttribute('data-value'))!;
    expect(await code.textContent()).toBe(fa(tracking));
    const copied = await copiedText(code);
    expect(copied).toBe(tracking);
    const paid = await platform.gql('{ billPayments { edges { node { trackingCode amount type } } } }', {}, token);
    expect(paid.data.billPayments.edges[0].node).toEqual({ trackingCode: tracking, amount: '1250000', type: 'ELECTRICITY' });
    expect(await balanceOf(platform, token)).toBe('3750000');
    await page.getByRole('list', { name: 'قبض‌های پرداخت‌شده' }).getByText(fa(tracking)).waitFor();
    await screenshots(page, 'bill-receipt', ['phone']);

    // The 26-digit barcode: bill id and payment id, each padded to 13 digits.
    const gas = makeBill('55501', '317', 3, 480, 5, 10);
    await page.getByRole('button', { name: 'قبض دیگر' }).click();
    await page.getByRole('tab', { name: 'بارکد ۲۶ رقمی' }).click();
    await page.getByLabel('بارکد قبض').fill(gas.billId.padStart(13, '0') + gas.paymentId.padStart(13, '0'));
    await page.getByRole('button', { name: 'استعلام قبض' }).click();
    await page.getByRole('heading', { name: 'قبض گاز' }).waitFor();
    await page.getByTestId('bill-amount').getByText('۴۸۰٬۰۰۰ ریال').waitFor();
    await context.close();
  });
});
